/**
 * Coding's OpenAPI wraps every answer in `Response`, with a RequestId always present. Business
 * errors travel as HTTP 200 with `Response.Error` (the Tencent Cloud API 3.0 convention Coding
 * is built on), which is why errors are values here and not HTTP statuses.
 */
import { randomUUID } from 'node:crypto';

export type ApiErrorCode =
  | 'AuthFailure'
  | 'InvalidAction'
  | 'InvalidParameter'
  | 'InvalidParameterValue'
  | 'MissingParameter'
  | 'ResourceNotFound'
  | 'RequestLimitExceeded'
  | 'InternalError';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const AUTH_FAILURE_MESSAGE = 'User not found, authorization invalid';

export function newRequestId(): string {
  return randomUUID();
}

export function successEnvelope(payload: Record<string, unknown>, requestId = newRequestId()): { Response: Record<string, unknown> } {
  return { Response: { ...payload, RequestId: requestId } };
}

export function errorEnvelope(code: ApiErrorCode, message: string, requestId = newRequestId()): { Response: Record<string, unknown> } {
  return { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
}
