import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay to a server, which a test can cut and restore to play "the server went away". */
export interface TcpProxy {
  port: number;
  /** Stops listening and drops every relayed connection. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = async (): Promise<void> => {
    const created = createServer((client) => {
      const upstream = createConnection({ host: targetHost, port: targetPort });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((done) => created.listen(port, '127.0.0.1', done));
    const address = created.address();
    if (address !== null && typeof address !== 'string') port = address.port;
    server = created;
  };
  const cut = async (): Promise<void> => {
    const current = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (current !== null) await new Promise((done) => current.close(done));
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

/** The same Redis URL (credentials, database, prefix) reached through a proxy on this host. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.href;
}
