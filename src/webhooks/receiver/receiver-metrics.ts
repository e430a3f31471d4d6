import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventStore } from '../store/event-store.js';
import type { BodyBudget } from './body-budget.js';
import type { ClientErrorKind } from './connection-guard.js';
import type { StoreReadiness } from './store-readiness.js';
import { storeCallWithin } from './with-timeout.js';

export type DeliveryOutcome = 'stored' | 'duplicate' | 'rejected' | 'unavailable' | 'ignored' | 'ping';

/** Low-cardinality reasons: never a value taken from the request. */
export type OutcomeReason =
  | 'signature_missing'
  | 'signature_mismatch'
  | 'too_large'
  | 'malformed'
  | 'wrong_shape'
  | 'busy'
  | 'store_failed'
  | 'store_timeout'
  | 'shutting_down';

export interface MetricSources {
  store: EventStore;
  budget: BodyBudget;
  connections: { open(): number };
  readiness: StoreReadiness;
  storeTimeoutMs: number;
}

const PREFIX = 'source_coding_webhook_';

let processMetrics: Registry | null = null;

/**
 * prom-client's default metrics (CPU, memory, descriptors, heap, event-loop lag, GC) belong to the
 * process, not to one receiver: collected once, whatever the number of receivers (tests start many;
 * each collection starts an event-loop monitor that never stops).
 */
function processRegistry(): Registry {
  if (processMetrics === null) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

interface StoreFigures {
  head: number;
  events: number;
  bytes: number;
}

/**
 * The receiver's Prometheus metrics, in a registry of its own (several receivers in one process, as in
 * tests, do not mix), served together with the process's. Store figures are read when scraped, bounded by the store timeout; a store that
 * does not answer keeps its last figures and shows in `store_ready`.
 */
export class ReceiverMetrics {
  readonly #registry = new Registry();
  readonly #deliveries: Counter<'outcome' | 'reason'>;
  readonly #appendSeconds: Histogram;
  readonly #refusedConnections: Counter;
  readonly #clientErrors: Counter<'kind'>;

  constructor(sources: MetricSources) {
    const registers = [this.#registry];
    this.#deliveries = new Counter({
      name: `${PREFIX}deliveries_total`,
      help: 'Deliveries answered, by outcome (stored, duplicate, rejected, unavailable, ignored, ping) and reason.',
      labelNames: ['outcome', 'reason'],
      registers,
    });
    this.#appendSeconds = new Histogram({
      name: `${PREFIX}append_duration_seconds`,
      help: 'Time for the event store to make an append durable (failed and timed-out appends included).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#refusedConnections = new Counter({
      name: `${PREFIX}connections_refused_total`,
      help: 'Connections over --max-connections, answered 503 and closed at once.',
      registers,
    });
    this.#clientErrors = new Counter({
      name: `${PREFIX}client_errors_total`,
      help: 'Connections dropped for the client: timeout (headers or request too slow), headers_too_large, bad_request, reset.',
      labelNames: ['kind'],
      registers,
    });
    new Gauge({
      name: `${PREFIX}bodies_in_flight`,
      help: 'Request bodies being read or processed now.',
      registers,
      collect() {
        this.set(sources.budget.bodies);
      },
    });
    new Gauge({
      name: `${PREFIX}body_bytes_reserved`,
      help: 'Bytes of the body budget (--max-buffered-bytes) reserved now.',
      registers,
      collect() {
        this.set(sources.budget.reservedBytes);
      },
    });
    new Gauge({
      name: `${PREFIX}connections_open`,
      help: 'Connections being served now.',
      registers,
      collect() {
        this.set(sources.connections.open());
      },
    });
    new Gauge({
      name: `${PREFIX}store_ready`,
      help: '1 when the event store accepted the last append or probe, else 0 (as /readyz).',
      registers,
      collect() {
        this.set(sources.readiness.current.ready ? 1 : 0);
      },
    });
    // One store query per scrape, shared by the four gauges that report it.
    let figures: Promise<StoreFigures | null> | null = null;
    let last: StoreFigures = { head: 0, events: 0, bytes: 0 };
    const readFigures = (): Promise<StoreFigures | null> =>
      (figures ??= storeCallWithin(Promise.all([sources.store.head(), sources.store.retained()]), sources.storeTimeoutMs, 'reading store figures')
        .then(([head, size]) => (last = { head: head === null ? 0 : Number(/^\d+/.exec(head)?.[0] ?? 0), events: size.events, bytes: size.bytes }), () => null)
        .finally(() => setImmediate(() => (figures = null))));
    const figureGauge = (name: string, help: string, pick: (f: StoreFigures) => number): void => {
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        registers,
        async collect() {
          await readFigures();
          this.set(pick(last));
        },
      });
    };
    figureGauge('store_head', 'Number of the newest stored event (its offset; for Redis, its event number).', (f) => f.head);
    figureGauge('store_retained_events', 'Events the store retains now.', (f) => f.events);
    figureGauge('store_retained_bytes', 'Size of the retained events: bytes on disk, or the memory estimate of the Redis stream.', (f) => f.bytes);
    new Gauge({
      name: `${PREFIX}store_scrape_ok`,
      help: '1 when the store answered this scrape within the store timeout, else 0 (the store figures then keep their last values).',
      registers,
      async collect() {
        this.set((await readFigures()) === null ? 0 : 1);
      },
    });
  }

  /** The exposition: this receiver's metrics and the process's. */
  async render(): Promise<{ contentType: string; text: string }> {
    const merged = Registry.merge([processRegistry(), this.#registry]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  }

  delivery(outcome: DeliveryOutcome, reason?: OutcomeReason): void {
    this.#deliveries.inc(reason === undefined ? { outcome } : { outcome, reason });
  }

  appendTook(seconds: number): void {
    this.#appendSeconds.observe(seconds);
  }

  connectionRefused(): void {
    this.#refusedConnections.inc();
  }

  clientError(kind: ClientErrorKind): void {
    this.#clientErrors.inc({ kind });
  }
}
