/**
 * The HTTP server: routes the three surfaces (OpenAPI, OAuth, control) and owns the sockets, so
 * closing the simulator also ends requests left hanging by a `hang` fault or kept alive by clients.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendText } from './http-io.js';

export interface Routes {
  api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  oauth(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

export async function listen(host: string, port: number, routes: Routes): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const route =
      url.pathname === '/open-api' || url.pathname === '/open-api/' ? routes.api
      : url.pathname === '/api/oauth/access_token' ? routes.oauth
      : url.pathname === '/_simulator' || url.pathname.startsWith('/_simulator/') ? routes.control
      : undefined;
    if (!route) {
      req.resume();
      sendText(res, 404, 'Not Found');
      return;
    }
    route(req, res, url).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `simulator error: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // A wildcard bind is reachable on loopback, and a wildcard address is not a usable URL host.
  const reachable = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const hostForUrl = reachable.includes(':') ? `[${reachable}]` : reachable;
  return {
    origin: `http://${hostForUrl}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
