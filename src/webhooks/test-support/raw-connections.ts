import { connect, type Socket } from 'node:net';

/** What a raw connection got back: the status line and headers of the first answer, if any came. */
export interface RawAnswer {
  status: number | null;
  retryAfter: string | null;
  /** The receiver closed the connection (answered or not). */
  closed: boolean;
}

export interface RawConnection {
  socket: Socket;
  answer: RawAnswer;
  /** Resolves once the bytes given so far were handed to the kernel, or an answer or a close came. */
  settled: Promise<void>;
}

/**
 * A TCP connection that speaks as little HTTP as an abusive client does: the test decides which bytes
 * go out and when, and the first answer's status line and Retry-After are kept.
 */
export function openRawConnection(url: string, initial: Buffer | string = ''): RawConnection {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const answer: RawAnswer = { status: null, retryAfter: null, closed: false };
  let head = '';
  let settle!: () => void;
  const settled = new Promise<void>((done) => (settle = done));
  socket.on('data', (chunk: Buffer) => {
    if (answer.status !== null) return;
    head += chunk.toString('latin1');
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    const lines = head.slice(0, end).split('\r\n');
    answer.status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
    answer.retryAfter = lines.find((line) => /^retry-after:/i.test(line))?.replace(/^retry-after:\s*/i, '') ?? null;
    settle();
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    answer.closed = true;
    settle();
  });
  if (initial.length > 0) socket.write(initial, () => settle());
  else socket.once('connect', () => settle());
  return { socket, answer, settled };
}

/**
 * Opens `count` connections that each send a POST with a wrong signature and all of a `bodyBytes`
 * body but its last byte, then hold it: the pattern that made the receiver buffer every body at once.
 */
export function holdNearlyCompleteBodies(url: string, count: number, bodyBytes: number): RawConnection[] {
  const body = Buffer.alloc(bodyBytes - 1, 0x61);
  const head =
    `POST /webhooks/coding HTTP/1.1\r\nHost: receiver\r\nContent-Type: application/json\r\n` +
    `X-Coding-Signature: sha1=${'0'.repeat(40)}\r\nContent-Length: ${bodyBytes}\r\n\r\n`;
  return Array.from({ length: count }, () => openRawConnection(url, Buffer.concat([Buffer.from(head), body])));
}

export function closeAll(connections: Array<{ socket: Socket }>): void {
  for (const { socket } of connections) socket.destroy();
}
