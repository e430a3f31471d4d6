import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Already in the wire format (the metrics text); sent as is. */
  text?: { contentType: string; payload: string };
}

export function send(request: IncomingMessage, response: ServerResponse, answer: Answer): void {
  const contentType = answer.text?.contentType ?? 'application/json; charset=utf-8';
  const payload = answer.text?.payload ?? JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    ...answer.headers,
  });
  response.end(request.method === 'HEAD' ? undefined : payload);
  // The rest of a body we will not read (too large, no room for it) is discarded as it comes, and the
  // connection is dropped shortly after the answer: at once, a reset could overtake the answer the
  // client has not read yet; never, and a client that holds its body would hold the connection.
  if (answer.headers?.connection === 'close' && !request.complete) {
    response.once('finish', () => {
      request.resume();
      const socket = request.socket;
      const timer = setTimeout(() => socket.destroy(), LINGER_AFTER_REFUSAL_MS);
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
    });
  }
}

const LINGER_AFTER_REFUSAL_MS = 1000;

export function notAllowed(allow: string): Answer {
  return { status: 405, body: { status: 'rejected', reason: `use ${allow}` }, headers: { allow } };
}

export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function peer(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
