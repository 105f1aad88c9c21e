/**
 * The web front door on loopback for robustness tests: a real server over a real Workspace in a temp
 * folder, a small built "renderer" (index.html), and a stand-in LabService that records the params it
 * is given (the transport must pass them through) and can be told to throw. Plus raw-socket and
 * WebSocket helpers that never throw themselves, so a test sees what the server did.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { LabService } from '../../src/main/host/lab-service.ts';
import { Workspace } from '../../src/main/host/workspace.ts';
import { startWebServer, type WebServer } from '../../src/main/web/web-server.ts';
import { ok } from '../../src/shared/result.ts';

export interface FrontDoor {
  server: WebServer;
  workspace: Workspace;
  /** Params of every call the service received, in order. */
  calls: Array<{ name: string; params: unknown }>;
  /** Emits an event to every subscribed socket. */
  emit(event: string, payload: unknown): void;
  close(): Promise<void>;
}

export async function startFrontDoor(): Promise<FrontDoor> {
  const base = mkdtempSync(join(tmpdir(), 'sbl-door-'));
  const staticDir = join(base, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const workspace = new Workspace(join(base, 'ws'));
  await workspace.open();
  const calls: FrontDoor['calls'] = [];
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const service = {
    workspace,
    subscribe(l: (event: string, payload: unknown) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async call(name: string, params: unknown) {
      calls.push({ name, params });
      // Like a validator that trips over a value it did not expect: the transport must survive it.
      if (params === 'throw') throw new TypeError('boom');
      if (name === 'getInfo') return ok({ workspace: workspace.root });
      return ok({ echo: params === undefined ? null : params });
    },
  } as unknown as LabService;
  const server = await startWebServer({ service, staticDir });
  return {
    server,
    workspace,
    calls,
    emit: (event, payload) => listeners.forEach((l) => l(event, payload)),
    close: () => server.close(),
  };
}

/** Sends raw bytes to the server and collects what comes back until it closes the socket (or 5 s pass). */
export function rawRequest(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, 5000);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', done);
  });
}

/** The status code of a raw HTTP response, or 0 when the server answered nothing. */
export const statusOf = (response: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);

/** Opens an authenticated WebSocket; resolves when open (or with the refusal's status code). */
export function openSocket(port: number, opts: { token?: string; origin?: string; headers?: Record<string, string>; path?: string } = {}): Promise<{ ws: WebSocket } | { refused: number }> {
  const query = opts.token === undefined ? '' : `?token=${encodeURIComponent(opts.token)}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${opts.path ?? '/api/ws'}${query}`, { origin: opts.origin, headers: opts.headers });
    ws.on('open', () => resolve({ ws }));
    ws.on('error', () => {}); // what the server does shows as a close code in nextMessage
    ws.on('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', () => resolve({ refused: 0 }));
  });
}

/** Waits for the next text message (parsed) or the close of the socket. */
export function nextMessage(ws: WebSocket): Promise<{ message: unknown } | { closed: number }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      ws.off('close', onClose);
      resolve({ message: JSON.parse(String(data)) });
    };
    const onClose = (code: number) => {
      ws.off('message', onMessage);
      resolve({ closed: code });
    };
    ws.once('message', onMessage);
    ws.once('close', onClose);
  });
}

export interface ChildFrontDoor {
  port: number;
  token: string;
  url: string;
  /** False once the server's process has exited (it crashed). */
  alive(): boolean;
  /** What the server process wrote to stderr (its crash, if any). */
  stderr(): string;
  lastCall(): Promise<{ name: string; params: unknown } | null>;
  emit(event: string, payload: unknown): void;
  close(): Promise<void>;
}

/** startFrontDoor in a child process (front-door-child.ts), so a crash ends it instead of being caught. */
export function spawnFrontDoor(): Promise<ChildFrontDoor> {
  const child = fork(fileURLToPath(new URL('./front-door-child.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the front door process exited (${code}) before listening: ${err}`)));
    child.once('message', (m) => {
      const { port, token } = m as { port: number; token: string };
      child.removeAllListeners('exit');
      resolve({
        port,
        token,
        url: `http://127.0.0.1:${port}/?token=${token}`,
        alive: () => child.exitCode === null && child.signalCode === null,
        stderr: () => err,
        lastCall: () =>
          new Promise((res) => {
            if (!child.connected) return res(null);
            const gone = () => res(null);
            child.once('exit', gone);
            child.once('message', (r) => {
              child.off('exit', gone);
              res((r as { lastCall: { name: string; params: unknown } | null }).lastCall);
            });
            child.send({ lastCall: true }, (e) => e && res(null));
          }),
        emit: (event, payload) => child.connected && child.send({ emit: [event, payload] }),
        close: () =>
          new Promise((res) => {
            if (child.exitCode !== null || child.signalCode !== null) return res();
            child.once('exit', () => res());
            if (child.connected) child.disconnect();
            else child.kill();
          }),
      });
    });
  });
}
