import { performance } from 'node:perf_hooks';

/** Permission to send one request; hand it back to `throttled` or `succeeded` with the answer. */
export interface Slot {
  /** Which rate the request was sent at: bumped at every decrease. */
  readonly generation: number;
}

export interface RateLimiterOptions {
  /** The ceiling: never exceeded, retries included, however the rate adapts. */
  requestsPerSecond: number;
  /** The adaptive rate never goes below this. Default: 0.5/s, or the ceiling if lower. */
  minRequestsPerSecond?: number;
  /** Rate kept after a throttled answer. Default 0.7. */
  decreaseFactor?: number;
  /** Requests/s regained per second of successful requests. Default 0.5. */
  increasePerSecond?: number;
  /** Milliseconds on a monotonic clock. */
  now?: () => number;
}

/**
 * One limiter per process, shared by every request (all streams, detail calls, retries), so the
 * connector as a whole stays under `requests_per_second` instead of each stream on its own.
 * Requests are spaced evenly rather than sent in bursts: Coding's limits are unpublished and a burst
 * is what trips a server-side limiter first.
 *
 * Coding's own limit may be lower than the configured one, so the rate adapts as TCP's congestion
 * window does (AIMD): each throttled answer to a request sent at the current rate cuts the rate by a
 * factor, and each successful request adds a little back, up to the configured ceiling. Refusals of
 * requests sent before the last cut say nothing about the new rate, so they do not cut it again.
 * (p-throttle, used before, cannot change its interval once created.)
 */
export class RateLimiter {
  readonly maxRequestsPerSecond: number;
  private readonly minRate: number;
  private readonly decreaseFactor: number;
  private readonly increasePerSecond: number;
  private readonly now: () => number;
  private rate: number;
  private rateAfterLastCut: number | undefined;
  private generation = 0;
  private throttledAnswers = 0;
  private lastGrantAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = 0;
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private wakeUp: NodeJS.Timeout | undefined;

  constructor(options: RateLimiterOptions | number) {
    const settings = typeof options === 'number' ? { requestsPerSecond: options } : options;
    if (!(settings.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be positive');
    this.maxRequestsPerSecond = settings.requestsPerSecond;
    this.minRate = Math.min(settings.minRequestsPerSecond ?? 0.5, settings.requestsPerSecond);
    this.decreaseFactor = settings.decreaseFactor ?? 0.7;
    this.increasePerSecond = settings.increasePerSecond ?? 0.5;
    this.now = settings.now ?? (() => performance.now());
    this.rate = settings.requestsPerSecond;
  }

  /** The rate requests are spaced at now. */
  get requestsPerSecond(): number {
    return this.rate;
  }

  /** The rate set by the most recent cut: what Coding's limit allowed at the last refusal. */
  get requestsPerSecondAfterLastCut(): number | undefined {
    return this.rateAfterLastCut;
  }

  /** Throttled answers reported so far. */
  get throttledCount(): number {
    return this.throttledAnswers;
  }

  /** Waits until a request may be sent, first come first served. */
  acquire(): Promise<Slot> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.grant();
    });
  }

  /** Coding refused the request sent with `slot` for its rate limit; `waitMs` is what it asked for, if anything. */
  throttled(slot: Slot, waitMs?: number): void {
    this.throttledAnswers++;
    // A server that names a wait means every request of the process, not only the refused one.
    if (waitMs !== undefined && waitMs > 0) this.pausedUntil = Math.max(this.pausedUntil, this.now() + waitMs);
    if (slot.generation !== this.generation) return;
    this.rate = Math.max(this.minRate, this.rate * this.decreaseFactor);
    this.rateAfterLastCut = this.rate;
    this.generation++;
  }

  /** Coding accepted a request. */
  succeeded(): void {
    // increase/rate per success is `increasePerSecond` per second at the current rate.
    this.rate = Math.min(this.maxRequestsPerSecond, this.rate + this.increasePerSecond / this.rate);
  }

  /** Grants every slot that is due and schedules a wake-up for the next one. */
  private grant(): void {
    if (this.wakeUp) return;
    while (this.waiting.length > 0) {
      const now = this.now();
      // Spacing counts from the actual previous grant, so a late timer never lets two requests through together.
      const due = Math.max(this.lastGrantAt + 1000 / this.rate, this.pausedUntil);
      if (now < due) {
        this.wakeUp = setTimeout(() => {
          this.wakeUp = undefined;
          this.grant();
        }, Math.ceil(due - now));
        return;
      }
      this.lastGrantAt = now;
      this.waiting.shift()?.({ generation: this.generation });
    }
  }
}
