import { ConnectorError, type FailureType } from '../errors.js';

/**
 * Errors of the Coding client. Each carries the failure type a caller should report, and a message a
 * Coding user can act on. None of them carries request headers or the token: got's own errors (whose
 * options hold the Authorization header) are kept only as `cause` and never serialised.
 */
export abstract class CodingError extends ConnectorError {}

/** Coding answered with an `Error` in its envelope. */
export class CodingApiError extends CodingError {
  readonly failureType: FailureType;
  constructor(
    readonly action: string,
    readonly code: string,
    readonly apiMessage: string,
    message: string,
    failureType: FailureType,
  ) {
    super(message, { internalMessage: `${action} answered ${code}: ${apiMessage}` });
    this.failureType = failureType;
  }
}

/** The token was rejected (AuthFailure, or "User not found, authorization invalid"). */
export class CodingAuthError extends CodingApiError {}

/** The thing asked for does not exist (ResourceNotFound): a project name, an issue deleted meanwhile... */
export class CodingNotFoundError extends CodingApiError {}

/** The token lacks a scope, or the request was refused as not allowed. */
export class CodingPermissionError extends CodingApiError {}

/** Coding kept refusing for rate limiting after every retry. */
export class CodingRateLimitError extends CodingApiError {}

/** The host could not be reached, or kept failing (5xx, resets, timeouts) after every retry. */
export class CodingUnavailableError extends CodingError {
  readonly failureType: FailureType;
  constructor(message: string, failureType: FailureType = 'transient_error', internalMessage?: string) {
    super(message, internalMessage === undefined ? undefined : { internalMessage });
    this.failureType = failureType;
  }
}

/** The access token cannot even be sent: it holds characters an HTTP header cannot carry. */
export class CodingTokenFormatError extends CodingError {
  readonly failureType = 'config_error' as const;
}

/** Coding answered something we cannot read (no envelope, wrong shape). */
export class CodingResponseError extends CodingError {
  readonly failureType = 'system_error' as const;
}
