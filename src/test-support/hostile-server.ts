import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isObject, type JsonObject } from '../json.js';

/** What the hostile server does with one request. */
export type Hostility =
  /** Pass it to the real (simulated) Coding and answer what it answers. */
  | { kind: 'forward' }
  /** Pass it on, then answer the JSON `rewrite` makes of Coding's answer (a lying or malformed envelope). */
  | { kind: 'rewrite'; rewrite: (answer: JsonObject) => unknown }
  /** A web page, as a wrong URL, a login portal or a proxy's error page answers. */
  | { kind: 'html'; status: number }
  /** Read the request and never answer it. */
  | { kind: 'silent' }
  /** Answer 200 with JSON headers, then one byte of body every `intervalMs`, forever. */
  | { kind: 'trickle'; intervalMs: number }
  /** Answer 200 with JSON headers and `bytes` of a JSON-looking body, streamed (never held in memory). */
  | { kind: 'flood'; bytes: number; announceLength?: boolean }
  /** Answer `body` as the whole response (JSON text or anything else) with a JSON content type. */
  | { kind: 'raw'; body: string; status?: number }
  /** Send the headers and part of a body, then drop the connection. */
  | { kind: 'reset' };

export interface HostileRequest {
  action: string;
  params: JsonObject;
}

export interface HostileServer {
  apiUrl: string;
  /** Requests received, by action. */
  readonly requests: Record<string, number>;
  /** Body bytes the server managed to hand to its sockets for flood answers: what a client was made to receive. */
  readonly floodBytesSent: number;
  /** Connections open right now. */
  readonly openConnections: number;
  close(): Promise<void>;
}

const FLOOD_CHUNK = Buffer.from(`${'{"Code":1,"Name":"flood","Description":"'.padEnd(1000, 'x')}"},`.repeat(64));

/**
 * A loopback HTTP server that behaves as Coding's OpenAPI endpoint must never be trusted to behave:
 * per request, `hostility` picks an answer (forwarded to `upstream`, a simulator, when it is a plain or
 * rewritten one). Floods are written with backpressure, so the test process never holds them; the
 * bytes actually handed to the socket are counted, which bounds what the client can have buffered.
 */
export async function startHostileServer(options: { upstream?: string; hostility: (request: HostileRequest) => Hostility }): Promise<HostileServer> {
  const requests: Record<string, number> = {};
  let floodBytesSent = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let params: JsonObject = {};
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isObject(parsed)) params = parsed;
    } catch {
      // The OAuth endpoint posts a form; its action is its path.
    }
    const action = typeof params.Action === 'string' ? params.Action : new URL(req.url ?? '/', 'http://x').pathname;
    requests[action] = (requests[action] ?? 0) + 1;
    const hostility = options.hostility({ action, params });

    switch (hostility.kind) {
      case 'forward':
      case 'rewrite': {
        if (!options.upstream) throw new Error('forwarding needs an upstream');
        const upstream = await fetch(new URL(req.url ?? '/open-api', options.upstream.replace(/\/open-api$/, '')), {
          method: req.method ?? 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: req.headers.authorization ?? '' },
          body: raw,
        });
        const text = await upstream.text();
        const body = hostility.kind === 'rewrite' ? JSON.stringify(hostility.rewrite(JSON.parse(text) as JsonObject)) : text;
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(body);
        return;
      }
      case 'html':
        res.writeHead(hostility.status, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login">…</form></body></html>');
        return;
      case 'silent':
        // Keep the connection open and say nothing; the client's timeout is all that can end this.
        return;
      case 'trickle': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
        const timer = setInterval(() => res.write(' '), hostility.intervalMs);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'flood': {
        res.writeHead(200, { 'content-type': 'application/json', ...(hostility.announceLength ? { 'content-length': String(hostility.bytes) } : {}) });
        let closed = false;
        res.on('close', () => (closed = true));
        let left = hostility.bytes;
        const head = Buffer.from('{"Response":{"Data":{"TotalCount":1,"List":[');
        left -= head.length;
        res.write(head);
        while (left > 0 && !closed) {
          const chunk = left >= FLOOD_CHUNK.length ? FLOOD_CHUNK : FLOOD_CHUNK.subarray(0, left);
          left -= chunk.length;
          const flushed = res.write(chunk, () => (floodBytesSent += chunk.length));
          if (!flushed) await drainedOrClosed(res);
        }
        if (!closed) res.end();
        return;
      }
      case 'raw':
        res.writeHead(hostility.status ?? 200, { 'content-type': 'application/json' }).end(hostility.body);
        return;
      case 'reset':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"Response":{"Data":{"List":[');
        setTimeout(() => res.socket?.destroy(), 10);
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/open-api`,
    requests,
    get floodBytesSent() {
      return floodBytesSent;
    },
    get openConnections() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
