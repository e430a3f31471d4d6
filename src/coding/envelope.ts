import { isObject } from '../json.js';
import {
  CodingApiError,
  CodingAuthError,
  CodingNotFoundError,
  CodingPermissionError,
  CodingRateLimitError,
  CodingResponseError,
} from './errors.js';

export type Payload = Record<string, unknown>;

/** Coding answered with `Response.Error`; `retryable` says whether another try may succeed. */
export class EnvelopeError extends Error {
  constructor(
    readonly code: string,
    readonly apiMessage: string,
    readonly retryable: boolean,
  ) {
    super(`${code}: ${apiMessage}`);
  }
}

// Codes that say "try again later" rather than "your request is wrong".
const RETRYABLE = new Set(['RequestLimitExceeded', 'InternalError', 'ResourceUnavailable', 'FailedOperation.Timeout']);

/** The answer was well-formed JSON, but not `{"Response": {...}}`: not a body cut short in transit. */
export class MissingEnvelopeError extends Error {
  /** What came instead, without its content (which is not ours to log). */
  readonly shape: string;
  constructor(body: unknown) {
    const shape = describeShape(body);
    super(`the answer has no "Response" envelope (${shape})`);
    this.shape = shape;
  }
}

/**
 * Unwraps `{"Response": {...}}`. Coding reports business errors with HTTP 200 and `Response.Error`,
 * so a 200 is not a success until its body says so.
 */
export function unwrap(body: unknown): Payload {
  if (!isObject(body) || !isObject(body.Response)) throw new MissingEnvelopeError(body);
  const response = body.Response;
  if (isObject(response.Error)) {
    const code = typeof response.Error.Code === 'string' ? response.Error.Code : 'UnknownError';
    const apiMessage = typeof response.Error.Message === 'string' ? response.Error.Message : '';
    throw new EnvelopeError(code, apiMessage, RETRYABLE.has(code) || code.startsWith('RequestLimitExceeded'));
  }
  return response;
}

/** Turns an envelope error into the typed error a caller acts on, with a message a user can act on. */
export function toCodingError(action: string, error: EnvelopeError): CodingApiError {
  const { code, apiMessage } = error;
  const said = apiMessage ? ` (${code}: ${apiMessage})` : ` (${code})`;
  if (code.startsWith('AuthFailure') || /authorization invalid/i.test(apiMessage)) {
    return new CodingAuthError(
      action,
      code,
      apiMessage,
      `Coding rejected the access token${said}. Check credentials.access_token: it may be mistyped, expired or revoked, or belong to another team than team_name.`,
      'config_error',
    );
  }
  if (code.startsWith('ResourceNotFound')) {
    return new CodingNotFoundError(action, code, apiMessage, `Coding found nothing for ${action}${said}.`, 'config_error');
  }
  if (code.startsWith('UnauthorizedOperation') || code.startsWith('OperationDenied') || code === 'InvalidParameterValue') {
    // Coding answers InvalidParameterValue when a token lacks the scope of an action (as observed by
    // other connectors), so say both possibilities.
    return new CodingPermissionError(
      action,
      code,
      apiMessage,
      `Coding refused ${action}${said}. The token may lack the scope this needs (${scopeOf(action)}), or the project may not allow it.`,
      'config_error',
    );
  }
  if (code.startsWith('RequestLimitExceeded')) {
    return new CodingRateLimitError(
      action,
      code,
      apiMessage,
      `Coding kept refusing requests for exceeding its rate limit${said}, after every retry. Lower requests_per_second or sync less often.`,
      'transient_error',
    );
  }
  const failure = error.retryable ? 'transient_error' : 'system_error';
  return new CodingApiError(action, code, apiMessage, `Coding answered ${action} with an error${said}.`, failure);
}

export function toResponseError(action: string, detail: string): CodingResponseError {
  return new CodingResponseError(`Coding's answer to ${action} could not be read: ${detail}.`);
}

function describeShape(body: unknown): string {
  if (Array.isArray(body)) return 'a JSON array';
  if (!isObject(body)) return body === null ? 'null' : body === '' ? 'an empty body' : `a JSON ${typeof body}`;
  const keys = Object.keys(body);
  if (keys.length === 0) return 'an empty JSON object';
  const named = keys.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 40)));
  return `a JSON object with ${keys.length > 5 ? `${keys.length} keys, among them` : 'keys'} ${named.join(', ')}`;
}

function scopeOf(action: string): string {
  if (/CIBuild/.test(action)) return 'ci:build:ro';
  if (/CIJob/.test(action)) return 'ci:job:ro';
  if (/Depot|Git|MergeRequest/.test(action)) return 'project:depot:ro';
  if (/Member/.test(action)) return 'project:member:ro';
  if (/Issue|Iteration/.test(action)) return 'collaboration:issue:ro';
  if (/Project/.test(action)) return 'project:profile:ro';
  if (/User/.test(action)) return 'user:profile:ro';
  return 'see the connector docs';
}
