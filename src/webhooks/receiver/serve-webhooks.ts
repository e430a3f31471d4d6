import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../errors.js';
import type { WebhookLog } from '../log.js';
import type { EventStore } from '../store/event-store.js';
import { BodyBudget } from './body-budget.js';
import { guardConnections, type ConnectionGuard } from './connection-guard.js';
import { messageOf, notAllowed, send, type Answer } from './http-answer.js';
import { limitLog } from './log-limiter.js';
import { answerOps, OPS_PATHS } from './ops-endpoints.js';
import { BUSY_RETRY_AFTER_SECONDS, receiveDelivery } from './receive-delivery.js';
import { checkPort, resolveLimits, type ReceiverLimits } from './receiver-limits.js';
import { ReceiverMetrics } from './receiver-metrics.js';
import { StoreReadiness } from './store-readiness.js';

export interface ServeWebhooksOptions {
  host: string;
  port: number;
  /**
   * A second port for /healthz, /readyz and /metrics only (the main port serves them too). Probes
   * and scrapes there do not compete with deliveries for --max-connections, so a flood of
   * connections on the public port cannot make Kubernetes think the receiver died.
   */
  opsPort?: number;
  store: EventStore;
  /** The Service Hook's signing token; null only together with allowUnsigned. */
  secret: string | null;
  /** Accept unsigned deliveries when no secret is set (trusted networks only). */
  allowUnsigned: boolean;
  /** Defaults in DEFAULT_LIMITS. */
  limits?: Partial<ReceiverLimits>;
  log: WebhookLog;
  /** How often retention runs (default 10 minutes); it also runs once at startup. */
  retentionIntervalMs?: number;
}

export interface RunningReceiver {
  /** e.g. http://127.0.0.1:8080 — deliveries go to `${url}/webhooks/coding`. */
  url: string;
  /** The ops port's URL, when one was asked for. */
  opsUrl: string | null;
  /** Stops accepting, answers what is in flight (appends included), then closes the store. */
  close(): Promise<void>;
}

export const WEBHOOK_PATH = '/webhooks/coding';
/** Probes and scrapes need few connections; the cap only stops the ops port from being a way in. */
const OPS_MAX_CONNECTIONS = 64;

/**
 * The Service Hook receiver. It does as little as possible per delivery (room for the body, read,
 * verify, parse, append) and answers 2xx only once the event is durable, so that an acknowledged
 * delivery is never lost; when the store cannot take it, or there is no room for the body now, 503
 * tells Coding that it was not received. Everything a client can make it hold (connections, body
 * bytes, time) is bounded by `limits`.
 */
export async function serveWebhooks(options: ServeWebhooksOptions): Promise<RunningReceiver> {
  const { store } = options;
  const limits = resolveLimits(options.limits);
  checkPort(options.port, 'port');
  if (options.opsPort !== undefined) checkPort(options.opsPort, 'ops-port');
  const secret = options.secret === '' ? null : options.secret;
  if (secret === null && !options.allowUnsigned) {
    throw new ConfigError(
      'no webhook secret is configured: set webhook_secret to the signing token of the Coding Service Hook, ' +
        'or set webhook_allow_unsigned to accept unsigned deliveries on a trusted network.',
    );
  }
  // Retention at startup also makes a directory store take its writer lock now, so a second
  // receiver on the same directory fails here rather than at its first delivery.
  await store.applyRetention();

  const log = limitLog(options.log);
  const budget = new BodyBudget(limits.maxBufferedBytes);
  const readiness = new StoreReadiness(store, limits.storeTimeoutMs, options.log);
  const main = createServer(serverOptions(limits));
  const ops = options.opsPort === undefined ? null : createServer(serverOptions(limits));
  let mainGuard: ConnectionGuard | null = null;
  const connections = { open: () => mainGuard?.open() ?? 0 };
  const metrics = new ReceiverMetrics({ store, budget, readiness, connections, storeTimeoutMs: limits.storeTimeoutMs });
  mainGuard = guardConnections(main, {
    maxConnections: limits.maxConnections,
    retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
    onRefused: () => {
      metrics.connectionRefused();
      log.log('connections', 'WARN', `refused a connection: ${limits.maxConnections} connections (--max-connections) are open.`);
    },
    onClientError: (kind) => metrics.clientError(kind),
  });
  const opsGuard = ops === null ? null : guardConnections(ops, { maxConnections: OPS_MAX_CONNECTIONS, retryAfterSeconds: 1 });

  const inFlight = new Set<Promise<void>>();
  let closing = false;
  const deliveryDeps = { store, secret, limits, budget, readiness, metrics, log };
  const opsDeps = { store, readiness, metrics, storeTimeoutMs: limits.storeTimeoutMs };

  const route = async (request: IncomingMessage, servesDeliveries: boolean): Promise<Answer | null> => {
    const target = path(request);
    if (closing) {
      if (servesDeliveries && target === WEBHOOK_PATH) metrics.delivery('unavailable', 'shutting_down');
      return { status: 503, body: { status: 'unavailable', reason: 'the receiver is shutting down' }, headers: { connection: 'close' } };
    }
    if (servesDeliveries && target === WEBHOOK_PATH) return request.method === 'POST' ? receiveDelivery(deliveryDeps, request) : notAllowed('POST');
    const answer = await answerOps(opsDeps, request, target);
    if (answer !== null) return answer;
    const served = servesDeliveries ? `deliveries go to POST ${WEBHOOK_PATH}` : `this port serves ${OPS_PATHS.join(', ')}`;
    return { status: 404, body: { status: 'not_found', reason: served } };
  };

  const serve = (server: Server, guard: ConnectionGuard, servesDeliveries: boolean): void => {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      // Its 503 is already written: the parser read this request from a connection over the cap.
      if (guard.refused(request)) return;
      const task = route(request, servesDeliveries)
        .then((answer) => {
          if (answer !== null && !response.headersSent && !response.destroyed) send(request, response, answer);
        })
        .catch((error: unknown) => {
          options.log('ERROR', `failed to answer ${request.method} ${path(request)}: ${messageOf(error)}`);
          if (!response.headersSent) send(request, response, { status: 500, body: { status: 'error' }, headers: { connection: 'close' } });
        });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    });
  };
  serve(main, mainGuard, true);
  await listen(main, options.host, options.port);
  if (ops !== null && opsGuard !== null) {
    serve(ops, opsGuard, false);
    try {
      await listen(ops, options.host, options.opsPort!);
    } catch (error) {
      log.stop();
      await new Promise((done) => main.close(done));
      throw error;
    }
  }

  const retention = setInterval(() => {
    store.applyRetention().catch((error: unknown) => options.log('WARN', `event store retention failed: ${messageOf(error)}`));
  }, options.retentionIntervalMs ?? 10 * 60_000);
  retention.unref();

  const url = urlOf(main);
  const opsUrl = ops === null ? null : urlOf(ops);
  options.log('INFO', `receiving Coding Service Hooks at ${url}${WEBHOOK_PATH} into the ${store.kind} event store.`);
  if (opsUrl !== null) options.log('INFO', `/healthz, /readyz and /metrics also answer at ${opsUrl}.`);
  if (secret === null) options.log('WARN', 'no webhook secret is set: unsigned deliveries are accepted, from anyone who can reach this port.');
  else if (options.allowUnsigned) options.log('INFO', 'webhook_allow_unsigned has no effect because a secret is set: every delivery must be signed.');

  let closed: Promise<void> | null = null;
  return {
    url,
    opsUrl,
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(retention);
        const servers = ops === null ? [main] : [main, ops];
        const stopped = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
        for (const server of servers) server.closeIdleConnections();
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        for (const server of servers) server.closeAllConnections();
        await Promise.all(stopped);
        log.stop();
        await store.close();
        options.log('INFO', 'the webhook receiver stopped.');
      })();
      return closed;
    },
  };
}

/** Node's own timeouts do the cutting off; they are checked often enough to be felt at their value. */
function serverOptions(limits: ReceiverLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new ConfigError(`the webhook receiver cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function urlOf(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function path(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0] ?? '/';
}
