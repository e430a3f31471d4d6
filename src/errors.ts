/**
 * Every failure the connector reports is classified by who has to act on it:
 * - config_error: the user must change something (token, project name, config file);
 * - transient_error: nothing is wrong with the setup, trying again later should work;
 * - system_error: a defect or an unexpected answer that we (the maintainers) must look at.
 * The Airbyte protocol uses the same three words, but this module does not depend on it:
 * the Coding client and the webhook store classify their errors without knowing who reports them.
 */
export type FailureType = 'config_error' | 'system_error' | 'transient_error';

export abstract class ConnectorError extends Error {
  abstract readonly failureType: FailureType;
  /** Extra detail for maintainers (never a secret); the message is for users. */
  readonly internalMessage: string | undefined;

  constructor(message: string, options?: { cause?: unknown; internalMessage?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.internalMessage = options?.internalMessage;
  }
}

/** The user's configuration (or a file the user gave us) is wrong. */
export class ConfigError extends ConnectorError {
  readonly failureType = 'config_error' as const;
}

/** Something outside our control failed in a way that retrying later may fix. */
export class TransientError extends ConnectorError {
  readonly failureType = 'transient_error' as const;
}

/** An unexpected condition: a bug of ours or an answer we do not understand. */
export class SystemError extends ConnectorError {
  readonly failureType = 'system_error' as const;
}

export function failureTypeOf(error: unknown): FailureType {
  return error instanceof ConnectorError ? error.failureType : 'system_error';
}
