/**
 * Local HTTP servers on 127.0.0.1 for download tests. `serveFile` serves one file with Range support
 * (honouring If-Range against its strong ETag, as a real server does), can cut the connection after N
 * bytes to simulate an interrupted download, and can change the file between requests. `serveRoutes`
 * answers each path from a table (a body, or a redirect). Both record the requests they saw.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  url: string;
  range: string | undefined;
  ifRange: string | undefined;
}

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  /** Cut the next response after this many bytes (once). */
  cutNextAfter(bytes: number): void;
  /** Serve other bytes from now on (a new ETag with them). */
  replace(body: Buffer): void;
  close(): Promise<void>;
}

const seen = (req: IncomingMessage): SeenRequest => ({ url: req.url ?? '', range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

const closing = (server: Server) => () =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

/** `validators: false` sends neither ETag nor Last-Modified (a server a resume cannot trust). */
export async function serveFile(path: string, initial: Buffer, opts: { validators?: boolean } = {}): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let body = initial;
  let etag = `"${createHash('sha1').update(body).digest('hex')}"`;
  let cutAfter: number | null = null;
  const { server, origin } = await listen((req, res) => {
    requests.push(seen(req));
    if (req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    // A Range is honoured only when If-Range (if sent) names the current file (RFC 9110 §13.1.5).
    const ifRange = req.headers['if-range'];
    const ranged = m !== null && (ifRange === undefined || ifRange === etag);
    const start = ranged ? Number(m[1]) : 0;
    const slice = body.subarray(start);
    res.writeHead(ranged ? 206 : 200, {
      'Content-Length': String(slice.length),
      'Content-Type': 'application/octet-stream',
      ...(opts.validators === false ? {} : { ETag: etag }),
      ...(ranged ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (cutAfter !== null) {
      const n = cutAfter;
      cutAfter = null;
      res.write(slice.subarray(0, n), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(slice);
  });
  return {
    url: `${origin}${path}`,
    requests,
    cutNextAfter: (n) => (cutAfter = n),
    replace: (b) => {
      body = b;
      etag = `"${createHash('sha1').update(b).digest('hex')}"`;
    },
    close: closing(server),
  };
}

export type Route = { body: Buffer } | { redirect: string };

/** Answers each path from `routes` (404 otherwise); a redirect's target may be relative or absolute. */
export async function serveRoutes(routes: Record<string, Route>): Promise<{ origin: string; requests: SeenRequest[]; close: () => Promise<void> }> {
  const requests: SeenRequest[] = [];
  const { server, origin } = await listen((req, res) => {
    requests.push(seen(req));
    const route = routes[req.url ?? ''];
    if (route === undefined) res.writeHead(404).end();
    else if ('redirect' in route) res.writeHead(302, { Location: route.redirect }).end();
    else res.writeHead(200, { 'Content-Length': String(route.body.length) }).end(route.body);
  });
  return { origin, requests, close: closing(server) };
}
