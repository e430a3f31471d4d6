import { EventStoreUnavailableError } from '../store/store-errors.js';

/**
 * The store's answer, or EventStoreUnavailableError once `ms` have passed: a paused Redis or a hung
 * disk must cost Coding a 503, not a request that never ends. The operation itself may still finish
 * later; an append that does is then a duplicate of Coding's resend, which the store answers as such.
 */
export function storeCallWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class StoreTimeoutError extends EventStoreUnavailableError {}
