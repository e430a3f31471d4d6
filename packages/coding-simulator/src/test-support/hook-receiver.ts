/** A tiny Service Hook receiver for the simulator's tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  body: Record<string, unknown>;
}

/** A tiny receiver that records deliveries and answers with `status(event)` after `delayMs`. */
export async function receiver(options: { status?: (event: string) => number; delayMs?: number } = {}) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      received.push({ headers: req.headers, raw, body });
      setTimeout(() => {
        res.writeHead(options.status?.(String(body['event'])) ?? 200);
        res.end('ok');
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/coding`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
