import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server for tests of outbound fetching: loopback only, never the network. Routes are
 * functions of the request; every request is recorded so a test can prove none arrived.
 */
export interface FarmRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

export type FarmRoute = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface FeedFarm {
  /** `http://127.0.0.1:PORT` (or the host it listens on). */
  readonly origin: string;
  readonly port: number;
  readonly requests: FarmRequest[];
  route(path: string, handler: FarmRoute): void;
  /** Serves a fixed body with headers (ETag/Last-Modified answered with 304 when they match). */
  serve(path: string, body: string | Buffer, headers?: Record<string, string>, status?: number): void;
  close(): Promise<void>;
}

export async function startFeedFarm(host = '127.0.0.1'): Promise<FeedFarm> {
  const routes = new Map<string, FarmRoute>();
  const requests: FarmRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    const handler = routes.get(path) ?? routes.get(req.url ?? '/');
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    Promise.resolve(handler(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    port,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    serve(path, body, headers = {}, status = 200) {
      routes.set(path, (req, res) => {
        const etag = headers.etag ?? headers.ETag;
        const lastModified = headers['last-modified'];
        if (
          (etag && req.headers['if-none-match'] === etag) ||
          (!etag && lastModified && req.headers['if-modified-since'] === lastModified)
        ) {
          res.writeHead(304, { ...(etag ? { etag } : {}), ...(lastModified ? { 'last-modified': lastModified } : {}) }).end();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', ...headers }).end(body);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
