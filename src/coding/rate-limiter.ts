import pThrottle from 'p-throttle';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * One limiter per process, shared by every request (all streams, detail calls, retries), so the
 * connector as a whole stays under `requests_per_second` instead of each stream on its own.
 * Requests are spaced evenly rather than sent in bursts: Coding's limits are unpublished and a burst
 * is what trips a server-side limiter first.
 */
export class RateLimiter {
  private readonly slot: () => Promise<void>;
  private pausedUntil = 0;

  constructor(requestsPerSecond: number) {
    this.slot = pThrottle({ limit: 1, interval: Math.max(1, Math.round(1000 / requestsPerSecond)), strict: true })(async () => {});
  }

  /** Waits until a request may be sent. */
  async acquire(): Promise<void> {
    for (;;) {
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      await this.slot();
      // A pause may have started while this request waited for its slot.
      if (Date.now() >= this.pausedUntil) return;
    }
  }

  /** After Coding said "too many requests", hold every request of the process, not only the refused one. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }
}
