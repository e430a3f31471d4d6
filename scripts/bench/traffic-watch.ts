/**
 * What the simulator saw of one read: every request (its stats count them before any check) and the
 * ones it accepted, with their times. The simulator has no counter of rate-limit refusals, but its
 * request hooks run only for requests past the rate limit, so refusals are the difference.
 */
import type { Simulator } from '@source-coding/coding-simulator';
import { performance } from 'node:perf_hooks';
import { sustainedRate } from './figures.js';

export class TrafficWatch {
  private readonly acceptedAt: number[] = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly sim: Simulator) {
    sim.stats.reset();
    this.unsubscribe = sim.onRequest(() => {
      this.acceptedAt.push(performance.now());
    });
  }

  /** Every request received, refused ones included. */
  get requests(): number {
    return this.sim.stats.total;
  }

  get accepted(): number {
    return this.acceptedAt.length;
  }

  /** Requests refused before the hooks: in the benchmark (no faults, valid token and body), the rate limit's. */
  get refused(): number {
    return this.requests - this.accepted;
  }

  /** Accepted requests per second, from the first accepted to the last. */
  sustainedRps(): number {
    return sustainedRate(this.acceptedAt);
  }

  stop(): void {
    this.unsubscribe();
  }
}
