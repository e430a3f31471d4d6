/**
 * A token bucket per access token: `burst` requests at once, refilled at `requestsPerSecond`.
 * It is kept in the equivalent "theoretical arrival time" form (GCRA), which needs no fractional
 * token counts, so refills land exactly on the interval. A refused request takes nothing, so a
 * client that backs off gets through as soon as the bucket refills.
 */
import { performance } from 'node:perf_hooks';
import { SimulatorInputError } from './control-errors.js';

export interface RateLimit {
  requestsPerSecond: number;
  burst?: number;
}

export class RateLimiter {
  private limit: { intervalMs: number; toleranceMs: number } | null = null;
  /** Per token: the time at which its bucket would be full again. */
  private readonly fullAt = new Map<string, number>();

  constructor(
    limit: RateLimit | null,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.set(limit);
  }

  set(limit: RateLimit | null): void {
    if (limit !== null) {
      if (!(limit.requestsPerSecond > 0)) throw new SimulatorInputError('requestsPerSecond must be positive');
      if (limit.burst !== undefined && !(limit.burst >= 1)) throw new SimulatorInputError('burst must be at least 1');
    }
    const burst = limit === null ? 1 : (limit.burst ?? Math.max(1, Math.ceil(limit.requestsPerSecond)));
    const intervalMs = limit === null ? 0 : 1000 / limit.requestsPerSecond;
    this.limit = limit === null ? null : { intervalMs, toleranceMs: (burst - 1) * intervalMs };
    this.fullAt.clear();
  }

  /** True when the request may proceed. */
  tryTake(key: string): boolean {
    if (this.limit === null) return true;
    const now = this.clock();
    const fullAt = Math.max(this.fullAt.get(key) ?? now, now);
    if (fullAt - now > this.limit.toleranceMs) return false;
    this.fullAt.set(key, fullAt + this.limit.intervalMs);
    return true;
  }
}
