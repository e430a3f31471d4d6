import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubServer {
  url: string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/** A loopback HTTP server answering every request with `handler`: for answers the simulator cannot give. */
export async function startStubServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<StubServer> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    // Drain the request body so that the client sees the answer, whatever the handler does.
    req.resume();
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/open-api`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
