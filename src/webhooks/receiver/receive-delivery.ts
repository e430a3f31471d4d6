import type { IncomingMessage } from 'node:http';
import type { EventStore } from '../store/event-store.js';
import type { BodyBudget } from './body-budget.js';
import { classifyDelivery } from './classify-delivery.js';
import { headerValue, messageOf, peer, type Answer } from './http-answer.js';
import type { LimitedLog } from './log-limiter.js';
import { readBody } from './read-body.js';
import type { ReceiverLimits } from './receiver-limits.js';
import type { DeliveryOutcome, OutcomeReason, ReceiverMetrics } from './receiver-metrics.js';
import { checkSignature } from './signature.js';
import type { StoreReadiness } from './store-readiness.js';
import { StoreTimeoutError, storeCallWithin } from './with-timeout.js';

export interface DeliveryDeps {
  store: EventStore;
  /** null only when unsigned deliveries are allowed. */
  secret: string | null;
  limits: ReceiverLimits;
  budget: BodyBudget;
  readiness: StoreReadiness;
  metrics: ReceiverMetrics;
  log: LimitedLog;
}

/** Seconds a client is asked to wait when the receiver has no room for its body right now. */
export const BUSY_RETRY_AFTER_SECONDS = 5;
const STORE_RETRY_AFTER_SECONDS = 10;

/**
 * One POST /webhooks/coding: room for the body, the body, its signature, what it is, the append. It
 * answers 2xx only once the event is durable; null means the client went away and gets no answer.
 */
export async function receiveDelivery(deps: DeliveryDeps, request: IncomingMessage): Promise<Answer | null> {
  const { limits, metrics, log } = deps;
  // Only for log lines before the body is classified: the header as sent, cut like the stored id.
  const namedId = headerValue(request, 'x-coding-delivery')?.trim().slice(0, 200) || undefined;
  const about = namedId === undefined ? 'a delivery' : `delivery ${namedId}`;
  const reject = (reason: OutcomeReason, status: number, text: string, headers?: Record<string, string>): Answer => {
    metrics.delivery('rejected', reason);
    log.log(`rejected: ${reason}`, 'WARN', `rejected ${about} from ${peer(request)}: ${text}.`, { deliveryId: namedId });
    return { status, body: { status: 'rejected', reason: text }, headers };
  };

  const declared = headerValue(request, 'content-length');
  const declaredBytes = declared === undefined ? null : Number(declared);
  if (declaredBytes !== null && declaredBytes > limits.maxBodyBytes) {
    return reject('too_large', 413, `the body exceeds ${limits.maxBodyBytes} bytes`, { connection: 'close' });
  }
  // A chunked body's size is known only at its end: it is paid for at the largest size allowed.
  const chunked = headerValue(request, 'transfer-encoding') !== undefined;
  const release = deps.budget.tryReserve(declaredBytes ?? (chunked ? limits.maxBodyBytes : 0));
  if (release === null) {
    metrics.delivery('unavailable', 'busy');
    log.log('busy', 'WARN', `answered 503 to ${about} from ${peer(request)}: bodies already take the ${limits.maxBufferedBytes} bytes of --max-buffered-bytes.`, { deliveryId: namedId });
    return {
      status: 503,
      body: { status: 'unavailable', reason: 'the receiver is busy' },
      headers: { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS), connection: 'close' },
    };
  }
  try {
    const read = await readBody(request, limits.maxBodyBytes);
    if (read.kind === 'aborted') {
      metrics.clientError('reset');
      return null;
    }
    if (read.kind === 'too-large') return reject('too_large', 413, `the body exceeds ${limits.maxBodyBytes} bytes`, { connection: 'close' });
    if (deps.secret !== null) {
      const signature = checkSignature(deps.secret, read.body, headerValue(request, 'x-coding-signature'));
      if (signature === 'missing') return reject('signature_missing', 401, 'X-Coding-Signature is missing');
      if (signature === 'mismatch') return reject('signature_mismatch', 401, 'X-Coding-Signature does not match the body');
    }
    const delivery = classifyDelivery(request.headers, read.body);
    switch (delivery.kind) {
      case 'ping':
        metrics.delivery('ping');
        log.log('ping', 'INFO', `answered a ping from ${peer(request)}.`, { deliveryId: namedId });
        return { status: 200, body: { status: 'ping' } };
      case 'ignored':
        metrics.delivery('ignored');
        return { status: 202, body: { status: 'ignored', reason: `${delivery.event} events are not used` } };
      case 'rejected':
        return reject(delivery.status === 400 ? 'malformed' : 'wrong_shape', delivery.status, delivery.reason);
      case 'event':
        break;
    }
    const started = performance.now();
    try {
      const { duplicate } = await storeCallWithin(
        deps.store.append({ deliveryId: delivery.deliveryId, event: delivery.event, projectName: delivery.projectName, receivedAt: Date.now(), body: delivery.body }),
        limits.storeTimeoutMs,
        `the append of delivery ${delivery.deliveryId}`,
      );
      metrics.appendTook((performance.now() - started) / 1000);
      deps.readiness.appendSucceeded();
      const outcome: DeliveryOutcome = duplicate ? 'duplicate' : 'stored';
      metrics.delivery(outcome);
      return { status: 200, body: { status: outcome } };
    } catch (error) {
      metrics.appendTook((performance.now() - started) / 1000);
      deps.readiness.appendFailed(error);
      metrics.delivery('unavailable', error instanceof StoreTimeoutError ? 'store_timeout' : 'store_failed');
      log.log('store failed', 'ERROR', `could not store ${delivery.event} delivery ${delivery.deliveryId}: ${messageOf(error)}`, { deliveryId: delivery.deliveryId });
      return { status: 503, body: { status: 'unavailable', reason: 'the event store is unavailable' }, headers: { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) } };
    }
  } finally {
    release();
  }
}
