/**
 * The web front door: serves the built renderer and the LabApi over HTTP + WebSocket, bound to
 * 127.0.0.1 unless told otherwise. Every request needs the per-start token (in the URL once, then an
 * HttpOnly SameSite=Strict cookie); requests from another Origin are refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { isLabCallName, type WsMessage, type WsRequest } from '../../shared/lab-api.ts';
import { fail } from '../../shared/result.ts';
import type { LabService } from '../host/lab-service.ts';
import { resolveMedia } from '../host/media.ts';

const COOKIE = 'sbl_token';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2' };

export interface WebServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function cookieToken(req: IncomingMessage): string | undefined {
  return (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === COOKIE)?.[1];
}

export async function startWebServer(opts: { service: LabService; staticDir: string; port?: number; host?: string }): Promise<WebServer> {
  const token = randomBytes(24).toString('hex');
  const host = opts.host ?? '127.0.0.1';
  if (!existsSync(join(opts.staticDir, 'index.html'))) {
    throw new Error(`${opts.staticDir}: the renderer is not built (run npm run build:renderer)`);
  }
  let origin = '';
  const allowedOrigin = (req: IncomingMessage) => req.headers.origin === undefined || req.headers.origin === origin;
  const authorised = (req: IncomingMessage, url: URL) => sameToken(url.searchParams.get('token') ?? undefined, token) || sameToken(cookieToken(req), token);

  const serveStatic = (res: ServerResponse, pathname: string, setCookie: boolean) => {
    const rel = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
    const file = join(opts.staticDir, rel);
    if (!file.startsWith(opts.staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
    if (extname(file) === '.html') {
      headers['Content-Security-Policy'] = `default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://${new URL(origin).host}; frame-ancestors 'none'; object-src 'none'; base-uri 'none'`;
    }
    if (setCookie) headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers).end(readFileSync(file));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (!allowedOrigin(req)) return void res.writeHead(403).end('forbidden: wrong origin');
    if (!authorised(req, url)) return void res.writeHead(401, { 'Content-Type': 'text/plain' }).end('unauthorised: open the URL with its token, as printed by saliency-lab serve');
    if (url.pathname.startsWith('/media/')) {
      resolveMedia(opts.service.workspace, url.pathname.slice('/media/'.length))
        .then((m) => (m === null ? res.writeHead(404).end('not found') : res.writeHead(200, { 'Content-Type': m.contentType, 'Cache-Control': 'no-cache' }).end(m.body)))
        .catch((e: Error) => res.writeHead(404).end(e.message));
      return;
    }
    serveStatic(res, url.pathname, url.searchParams.has('token'));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/api/ws' || !allowedOrigin(req) || !authorised(req, url)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket) => {
    const send = (m: WsMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m));
    const unsubscribe = opts.service.subscribe((event, payload) => send({ event, payload }));
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let req: WsRequest;
      try {
        req = JSON.parse(String(data)) as WsRequest;
      } catch {
        return;
      }
      if (typeof req.id !== 'number') return;
      if (!isLabCallName(req.call)) return send({ id: req.id, result: fail('bad-input', `unknown call "${String(req.call)}"`) });
      send({ id: req.id, result: await opts.service.call(req.call, req.params) });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
