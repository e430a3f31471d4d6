import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay to a server, which a test can cut and restore to play "the server went away". */
export interface TcpProxy {
  port: number;
  /** Stops listening and drops every relayed connection. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Keeps every connection open but relays nothing, either way: a server that is paused or hung. */
  stall(): void;
  /** Relays again what was held back. */
  unstall(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<Pair>();
  let server: Server | null = null;
  let port = 0;
  let stalled = false;
  const relay = ({ client, upstream }: Pair): void => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const hold = ({ client, upstream }: Pair): void => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const listen = async (): Promise<void> => {
    const created = createServer((client) => {
      const upstream = createConnection({ host: targetHost, port: targetPort });
      const pair = { client, upstream };
      pairs.add(pair);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => {
          sockets.delete(socket);
          pairs.delete(pair);
        });
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      if (stalled) hold(pair);
      else relay(pair);
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
  return {
    port,
    cut,
    restore: listen,
    stall() {
      stalled = true;
      for (const pair of pairs) hold(pair);
    },
    unstall() {
      stalled = false;
      for (const pair of pairs) relay(pair);
    },
    close: cut,
  };
}

/** The same Redis URL (credentials, database, prefix) reached through a proxy on this host. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.href;
}
