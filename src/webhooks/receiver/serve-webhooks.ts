import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../errors.js';
import type { WebhookLog } from '../log.js';
import type { EventStore } from '../store/event-store.js';
import { classifyDelivery } from './classify-delivery.js';
import { readBody } from './read-body.js';
import { checkSignature } from './signature.js';

export interface ServeWebhooksOptions {
  host: string;
  port: number;
  store: EventStore;
  /** The Service Hook's signing token; null only together with allowUnsigned. */
  secret: string | null;
  /** Accept unsigned deliveries when no secret is set (trusted networks only). */
  allowUnsigned: boolean;
  /** Largest body accepted (default 1 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  log: WebhookLog;
  /** How often retention runs (default 10 minutes); it also runs once at startup. */
  retentionIntervalMs?: number;
}

export interface RunningReceiver {
  /** e.g. http://127.0.0.1:8080 — deliveries go to `${url}/webhooks/coding`. */
  url: string;
  /** Stops accepting, answers what is in flight (appends included), then closes the store. */
  close(): Promise<void>;
}

export const WEBHOOK_PATH = '/webhooks/coding';
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

interface Answer {
  status: number;
  body: { status: string; reason?: string } | Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * The Service Hook receiver. It does as little as possible per delivery (read, verify, parse,
 * append) and answers 2xx only once the event is durable, so that an acknowledged delivery is never
 * lost; when the store cannot take it, 503 tells Coding that it was not received.
 */
export async function serveWebhooks(options: ServeWebhooksOptions): Promise<RunningReceiver> {
  const { store, log } = options;
  const secret = options.secret === '' ? null : options.secret;
  if (secret === null && !options.allowUnsigned) {
    throw new ConfigError(
      'no webhook secret is configured: set webhook_secret to the signing token of the Coding Service Hook, ' +
        'or set webhook_allow_unsigned to accept unsigned deliveries on a trusted network.',
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Retention at startup also makes a directory store take its writer lock now, so a second
  // receiver on the same directory fails here rather than at its first delivery.
  await store.applyRetention();

  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0];
    let answer: Answer | null;
    if (closing) answer = { status: 503, body: { status: 'unavailable', reason: 'the receiver is shutting down' }, headers: { connection: 'close' } };
    else if (path === WEBHOOK_PATH) answer = request.method === 'POST' ? await receive(request) : notAllowed('POST');
    else if (path === '/healthz') answer = request.method === 'GET' || request.method === 'HEAD' ? await health() : notAllowed('GET, HEAD');
    else answer = { status: 404, body: { status: 'not_found', reason: `deliveries go to POST ${WEBHOOK_PATH}` } };
    if (answer !== null) send(request, response, answer);
  };

  const receive = async (request: IncomingMessage): Promise<Answer | null> => {
    const read = await readBody(request, maxBodyBytes);
    if (read.kind === 'aborted') return null;
    if (read.kind === 'too-large') {
      log('WARN', `rejected a delivery from ${peer(request)}: the body exceeds ${maxBodyBytes} bytes.`);
      return { status: 413, body: { status: 'rejected', reason: `the body exceeds ${maxBodyBytes} bytes` }, headers: { connection: 'close' } };
    }
    if (secret !== null) {
      const signature = checkSignature(secret, read.body, headerValue(request, 'x-coding-signature'));
      if (signature !== 'valid') {
        const reason = signature === 'missing' ? 'X-Coding-Signature is missing' : 'X-Coding-Signature does not match the body';
        log('WARN', `rejected a delivery from ${peer(request)}: ${reason}.`);
        return { status: 401, body: { status: 'rejected', reason } };
      }
    }
    const delivery = classifyDelivery(request.headers, read.body);
    switch (delivery.kind) {
      case 'ping':
        log('INFO', `answered a ping from ${peer(request)}.`);
        return { status: 200, body: { status: 'ping' } };
      case 'ignored':
        return { status: 202, body: { status: 'ignored', reason: `${delivery.event} events are not used` } };
      case 'rejected':
        log('WARN', `rejected a delivery from ${peer(request)}: ${delivery.reason}.`);
        return { status: delivery.status, body: { status: 'rejected', reason: delivery.reason } };
      case 'event':
        break;
    }
    try {
      const { duplicate } = await store.append({
        deliveryId: delivery.deliveryId,
        event: delivery.event,
        projectName: delivery.projectName,
        receivedAt: Date.now(),
        body: delivery.body,
      });
      return { status: 200, body: { status: duplicate ? 'duplicate' : 'stored' } };
    } catch (error) {
      log('ERROR', `could not store ${delivery.event} delivery ${delivery.deliveryId}: ${messageOf(error)}`);
      return { status: 503, body: { status: 'unavailable', reason: 'the event store is unavailable' }, headers: { 'retry-after': '10' } };
    }
  };

  const health = async (): Promise<Answer> => {
    try {
      const head = await withTimeout(store.head(), 2000);
      return { status: 200, body: { status: 'ok', store: store.kind, head } };
    } catch (error) {
      return { status: 503, body: { status: 'unavailable', store: store.kind, reason: messageOf(error) } };
    }
  };

  const server = createServer((request, response) => {
    const task = handle(request, response).catch((error: unknown) => {
      log('ERROR', `failed to answer ${request.method} ${request.url}: ${messageOf(error)}`);
      if (!response.headersSent) send(request, response, { status: 500, body: { status: 'error' } });
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await listen(server, options.host, options.port);

  const retention = setInterval(() => {
    store.applyRetention().catch((error: unknown) => log('WARN', `event store retention failed: ${messageOf(error)}`));
  }, options.retentionIntervalMs ?? 10 * 60_000);
  retention.unref();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log('INFO', `receiving Coding Service Hooks at ${url}${WEBHOOK_PATH} into the ${store.kind} event store.`);
  if (secret === null) log('WARN', 'no webhook secret is set: unsigned deliveries are accepted, from anyone who can reach this port.');
  else if (options.allowUnsigned) log('INFO', 'webhook_allow_unsigned has no effect because a secret is set: every delivery must be signed.');

  let closed: Promise<void> | null = null;
  return {
    url,
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(retention);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await stopped;
        await store.close();
        log('INFO', 'the webhook receiver stopped.');
      })();
      return closed;
    },
  };
}

function send(request: IncomingMessage, response: ServerResponse, answer: Answer): void {
  const payload = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...answer.headers,
  });
  response.end(request.method === 'HEAD' ? undefined : payload);
  // The rest of an oversized body is not worth reading: drop the connection once answered.
  if (answer.headers?.connection === 'close' && !request.complete) response.once('finish', () => request.socket.destroy());
}

function notAllowed(allow: string): Answer {
  return { status: 405, body: { status: 'rejected', reason: `use ${allow}` }, headers: { allow } };
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

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function peer(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
