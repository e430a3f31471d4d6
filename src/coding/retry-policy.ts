/**
 * When to retry a failed request and how long to wait. Pure, so it is tested without a server.
 * Exponential backoff with jitter (so that parallel clients do not retry in lockstep), honouring
 * Retry-After when Coding sends one, bounded both in attempts and in total time.
 */
export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff; doubles each retry. */
  baseDelayMs: number;
  /** Cap of one backoff. */
  maxDelayMs: number;
  /** No retry starts later than this after the first attempt. */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 8, baseDelayMs: 1000, maxDelayMs: 60_000, maxElapsedMs: 10 * 60_000 };

export interface RetryDecisionInput {
  /** 1 for the first retry. */
  attempt: number;
  elapsedMs: number;
  retryable: boolean;
  /** Server-requested wait, in ms, if any. */
  retryAfterMs: number | undefined;
  random?: () => number;
}

/** Milliseconds to wait before the next attempt, or 0 to give up. */
export function retryDelay(options: RetryOptions, input: RetryDecisionInput): number {
  if (!input.retryable || input.attempt > options.maxRetries) return 0;
  const random = input.random ?? Math.random;
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (input.attempt - 1));
  // "Equal jitter": at least half the backoff, so retries never bunch up at zero.
  const jittered = exponential / 2 + random() * (exponential / 2);
  const delay = Math.max(1, Math.round(Math.max(jittered, input.retryAfterMs ?? 0)));
  if (input.elapsedMs + delay > options.maxElapsedMs) return 0;
  return delay;
}

/** Reads Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
