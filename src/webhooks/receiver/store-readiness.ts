import type { WebhookLog } from '../log.js';
import type { EventStore } from '../store/event-store.js';
import { storeCallWithin } from './with-timeout.js';

export interface Readiness {
  ready: boolean;
  /** Why not, when not ready. */
  reason: string | null;
}

/**
 * Whether the store accepts appends, as /readyz reports it. Every append tells (a failed one makes
 * the receiver unready at once); between appends, a probe tells: one at a time, however many probes
 * ask. An unready receiver becomes ready again as soon as an append or a probe succeeds.
 */
export class StoreReadiness {
  readonly #store: EventStore;
  readonly #timeoutMs: number;
  readonly #log: WebhookLog;
  #state: Readiness = { ready: true, reason: null };
  #probing: Promise<Readiness> | null = null;

  constructor(store: EventStore, timeoutMs: number, log: WebhookLog) {
    this.#store = store;
    this.#timeoutMs = timeoutMs;
    this.#log = log;
  }

  get current(): Readiness {
    return this.#state;
  }

  appendSucceeded(): void {
    this.#set({ ready: true, reason: null });
  }

  appendFailed(error: unknown): void {
    this.#set({ ready: false, reason: messageOf(error) });
  }

  /** Probes the store now (joining a probe already under way) and returns the outcome. */
  check(): Promise<Readiness> {
    this.#probing ??= storeCallWithin(this.#store.probe(), this.#timeoutMs, `a write probe of the ${this.#store.kind} event store`)
      .then(
        () => this.#set({ ready: true, reason: null }),
        (error: unknown) => this.#set({ ready: false, reason: messageOf(error) }),
      )
      .finally(() => (this.#probing = null));
    return this.#probing;
  }

  #set(next: Readiness): Readiness {
    if (next.ready !== this.#state.ready) {
      if (next.ready) this.#log('INFO', `the ${this.#store.kind} event store accepts appends again; /readyz answers 200.`);
      else this.#log('WARN', `the ${this.#store.kind} event store does not accept appends (${next.reason}); deliveries get 503 and /readyz answers 503 until it does.`);
    }
    this.#state = next;
    return next;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
