/**
 * The web front door: serves the built renderer and the LabApi over HTTP + WebSocket, bound to
 * 127.0.0.1 unless told otherwise. Every request needs the per-start token (in the URL once, then an
 * HttpOnly SameSite=Strict cookie); requests from a foreign Origin are refused (guard.ts says which).
 *
 * It never dies of its input (issue 7): every request, upgrade and message handler is wrapped, so one
 * bad input answers 400 (or closes its own socket) and everything else goes on.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { LabService } from '../host/lab-service.ts';
import { resolveMedia } from '../host/media.ts';
import { readStaticFile, staticName, type StaticFile } from '../../node/static-files.ts';
import { COOKIE, cookieToken, originAllowed, parseTarget, sameToken } from './guard.ts';
import { attachSocket, MAX_MESSAGE_BYTES } from './ws-session.ts';

export interface WebServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** Ends a raw socket (an upgrade we refuse) with a status line, whatever state it is in. */
function refuseSocket(socket: Socket, status: string): void {
  try {
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n`);
  } finally {
    socket.destroy();
  }
}

function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).end(text);
}

export async function startWebServer(opts: { service: LabService; staticDir: string; port?: number; host?: string }): Promise<WebServer> {
  const token = randomBytes(24).toString('hex');
  const host = opts.host ?? '127.0.0.1';
  if (!(await access(join(opts.staticDir, 'index.html')).then(() => true, () => false))) {
    throw new Error(`${opts.staticDir}: the renderer is not built (run npm run build:renderer)`);
  }
  let origin = '';
  let port = 0;
  const allowedOrigin = (req: IncomingMessage) => originAllowed(req, { host, port });
  const authorised = (req: IncomingMessage, url: URL) => sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(req), token);

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string, setCookie: boolean) => {
    let name: string;
    try {
      name = staticName(pathname);
    } catch {
      return answer(res, 400, 'bad request: malformed percent-encoding');
    }
    // The page's own WebSocket goes to the host it was loaded from (directly or through a tunnel);
    // originAllowed has checked that Host header by now whenever a browser sent an Origin.
    const wsHost = /^[a-zA-Z0-9.:[\]-]+$/.test(req.headers.host ?? '') ? req.headers.host : new URL(origin).host;
    let file: StaticFile;
    try {
      file = readStaticFile(opts.staticDir, name, { connect: [`ws://${wsHost}`] });
    } catch {
      return answer(res, 404, 'not found');
    }
    const headers: Record<string, string> = { ...file.headers, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
    if (setCookie) headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : file.body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = parseTarget(req.url);
    if (url === null) return answer(res, 400, 'bad request: unparsable target');
    if (!allowedOrigin(req)) return answer(res, 403, 'forbidden: wrong origin');
    if (!authorised(req, url)) return answer(res, 401, 'unauthorised: open the URL with its token, as printed by saliency-lab serve');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method not allowed');
    if (url.pathname.startsWith('/media/')) {
      // Errors of media say nothing about the files behind them: a path that escapes the workspace
      // and one that does not exist look the same from outside.
      resolveMedia(opts.service.workspace, url.pathname.slice('/media/'.length))
        .then((m) => (m === null ? answer(res, 404, 'not found') : res.writeHead(200, { 'Content-Type': m.contentType, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }).end(m.body)))
        .catch(() => answer(res, 404, 'not found'));
      return;
    }
    serveStatic(req, res, url.pathname, url.searchParams.has('token'));
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      answer(res, 400, 'bad request');
    }
  });
  // Requests Node's parser refuses (bad headers, oversized headers): answer 400 on that socket only.
  server.on('clientError', (_err, socket) => refuseSocket(socket as Socket, '400 Bad Request'));

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // After 'upgrade' Node leaves the socket without an 'error' listener; a reset must not crash us.
    socket.on('error', () => socket.destroy());
    try {
      const url = parseTarget(req.url);
      if (url === null) return refuseSocket(socket, '400 Bad Request');
      if (!allowedOrigin(req)) return refuseSocket(socket, '403 Forbidden');
      if (url.pathname !== '/api/ws' || !authorised(req, url)) return refuseSocket(socket, '401 Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, opts.service));
    } catch {
      refuseSocket(socket, '400 Bad Request');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  port = (server.address() as AddressInfo).port;
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
