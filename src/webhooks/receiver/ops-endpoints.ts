import type { IncomingMessage } from 'node:http';
import type { EventStore } from '../store/event-store.js';
import { notAllowed, type Answer } from './http-answer.js';
import type { ReceiverMetrics } from './receiver-metrics.js';
import type { StoreReadiness } from './store-readiness.js';
import { storeCallWithin } from './with-timeout.js';

export interface OpsDeps {
  store: EventStore;
  readiness: StoreReadiness;
  metrics: ReceiverMetrics;
  storeTimeoutMs: number;
}

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/**
 * What operators and Kubernetes ask the receiver:
 * - /healthz (liveness): the process answers. 503 only when the store failed in a way that only a
 *   restart clears (a failed fsync, a writer lock taken by another process): restarting is the cure.
 * - /readyz (readiness): the store accepts appends now (a write probe); 503 while it does not.
 * - /metrics: Prometheus text.
 * Returns null for any other path.
 */
export async function answerOps(deps: OpsDeps, request: IncomingMessage, path: string): Promise<Answer | null> {
  const readOnly = request.method === 'GET' || request.method === 'HEAD';
  switch (path) {
    case '/healthz': {
      if (!readOnly) return notAllowed('GET, HEAD');
      const fatal = deps.store.fatalError();
      if (fatal !== null) return { status: 503, body: { status: 'failed', store: deps.store.kind, reason: `${fatal.message}; restart the receiver` } };
      return { status: 200, body: { status: 'ok', store: deps.store.kind } };
    }
    case '/readyz': {
      if (!readOnly) return notAllowed('GET, HEAD');
      const readiness = await deps.readiness.check();
      if (!readiness.ready) return { status: 503, body: { status: 'unavailable', store: deps.store.kind, reason: readiness.reason } };
      const head = await storeCallWithin(deps.store.head(), deps.storeTimeoutMs, 'reading the head').catch(() => null);
      return { status: 200, body: { status: 'ready', store: deps.store.kind, head } };
    }
    case '/metrics': {
      if (!readOnly) return notAllowed('GET, HEAD');
      const { contentType, text } = await deps.metrics.render();
      return { status: 200, body: {}, text: { contentType, payload: text } };
    }
    default:
      return null;
  }
}
