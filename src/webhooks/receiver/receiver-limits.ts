import { ConfigError } from '../../errors.js';

/**
 * What bounds the receiver's memory, descriptors and time per request, whatever clients do. Each one
 * is a `serve-webhooks` flag (named in `LIMIT_FLAGS`), documented in docs/sources/coding.md.
 */
export interface ReceiverLimits {
  /** Largest body accepted; larger ones get 413 without being read. */
  maxBodyBytes: number;
  /**
   * Bytes of bodies held in memory at once, reserved before a body is read (its Content-Length, or
   * maxBodyBytes when chunked). A body that does not fit gets 503 with Retry-After, unread.
   */
  maxBufferedBytes: number;
  /** Open connections; one more is answered 503 with Retry-After and closed at once. */
  maxConnections: number;
  /** Time from a connection's first byte (or its opening) to the end of a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Longest wait for the store to take an append (or answer a probe) before answering 503. */
  storeTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<ReceiverLimits> = {
  maxBodyBytes: 1024 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
  maxConnections: 1000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  storeTimeoutMs: 5_000,
};

export const LIMIT_FLAGS: Readonly<Record<keyof ReceiverLimits, string>> = {
  maxBodyBytes: 'max-body-bytes',
  maxBufferedBytes: 'max-buffered-bytes',
  maxConnections: 'max-connections',
  headersTimeoutMs: 'headers-timeout-ms',
  requestTimeoutMs: 'request-timeout-ms',
  keepAliveTimeoutMs: 'keep-alive-timeout-ms',
  storeTimeoutMs: 'store-timeout-ms',
};

/** Node takes timers up to 2^31-1 ms; beyond that a limit is no limit. */
const LARGEST: Record<keyof ReceiverLimits, number> = {
  maxBodyBytes: 512 * 1024 * 1024,
  maxBufferedBytes: 2 ** 40,
  maxConnections: 1_000_000,
  headersTimeoutMs: 2 ** 31 - 1,
  requestTimeoutMs: 2 ** 31 - 1,
  keepAliveTimeoutMs: 2 ** 31 - 1,
  storeTimeoutMs: 2 ** 31 - 1,
};

/** The limits with defaults filled in, refused with a ConfigError naming the flag when one makes no sense. */
export function resolveLimits(given: Partial<ReceiverLimits> = {}): ReceiverLimits {
  const limits: ReceiverLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof ReceiverLimits>) {
    const value = given[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1 || value > LARGEST[key]) {
      throw new ConfigError(`--${LIMIT_FLAGS[key]} must be a whole number from 1 to ${LARGEST[key]}; got ${String(value)}.`);
    }
    limits[key] = value;
  }
  if (limits.maxBufferedBytes < limits.maxBodyBytes) {
    throw new ConfigError(`--max-buffered-bytes (${limits.maxBufferedBytes}) must be at least --max-body-bytes (${limits.maxBodyBytes}), or no body of the largest size could ever be read.`);
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError(`--headers-timeout-ms (${limits.headersTimeoutMs}) must not exceed --request-timeout-ms (${limits.requestTimeoutMs}): the headers are part of the request.`);
  }
  return limits;
}

/** A port to listen on: 0 (any free port) to 65535. */
export function checkPort(port: number, flag: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`--${flag} must be a port number from 0 to 65535; got ${Number.isNaN(port) ? 'something that is not a number' : String(port)}.`);
  }
  return port;
}
