import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type ClientErrorKind = 'timeout' | 'headers_too_large' | 'bad_request' | 'reset';

export interface ConnectionGuardOptions {
  maxConnections: number;
  /** Seconds a refused client is told to wait (Retry-After). */
  retryAfterSeconds: number;
  onRefused?: () => void;
  onClientError?: (kind: ClientErrorKind) => void;
}

export interface ConnectionGuard {
  /** Connections being served now (refused ones are not counted: they are closed at once). */
  open(): number;
  /** Whether a request arrived on a connection that was refused (its answer is already written). */
  refused(request: IncomingMessage): boolean;
}

/**
 * Caps a server's connections and answers what Node's HTTP parser gives up on. A connection over the
 * cap gets a complete 503 with Retry-After, written straight to the socket, and is destroyed as soon
 * as that is handed to the kernel: it costs a descriptor for microseconds, not until a timeout. The
 * parser may still read a request from it; `refused` tells the request handler to leave that alone.
 */
export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionGuard {
  let open = 0;
  const refusedSockets = new WeakSet<Socket>();
  const current = new WeakMap<Socket, ServerResponse>();
  const busy = JSON.stringify({ status: 'unavailable', reason: 'too many connections' });
  const refusal =
    `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${options.retryAfterSeconds}\r\nConnection: close\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(busy)}\r\n\r\n${busy}`;

  server.on('connection', (socket: Socket) => {
    if (open >= options.maxConnections) {
      refusedSockets.add(socket);
      options.onRefused?.();
      socket.once('finish', () => socket.destroy());
      socket.end(refusal);
      return;
    }
    open += 1;
    socket.once('close', () => (open -= 1));
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    current.set(request.socket, response);
  });

  // Node's own handling, plus counting: answer what can still be answered, then drop the connection.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const kind = clientErrorKind(error.code);
    options.onClientError?.(kind);
    const response = current.get(socket);
    if (kind !== 'reset' && socket.writable && (response === undefined || !response.headersSent)) {
      socket.write(ERROR_ANSWERS[kind]);
    }
    socket.destroy();
  });

  return {
    open: () => open,
    refused: (request) => refusedSockets.has(request.socket),
  };
}

function clientErrorKind(code: string | undefined): ClientErrorKind {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'timeout';
  if (code === 'HPE_HEADER_OVERFLOW') return 'headers_too_large';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  return 'bad_request';
}

const ERROR_ANSWERS: Record<Exclude<ClientErrorKind, 'reset'>, string> = {
  timeout: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
  headers_too_large: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
  bad_request: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
};
