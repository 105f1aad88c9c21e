/**
 * The lab:// protocol: lab://app/… serves the built renderer, lab://media/… serves dataset images and
 * reports from the open workspace only (resolveMedia matches fixed patterns). No file:// anywhere.
 */
import { net, protocol } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { LabService } from '../host/lab-service.ts';
import { resolveMedia } from '../host/media.ts';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };
export const CSP = "default-src 'self'; img-src 'self' lab: data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Must run before app 'ready'. */
export function registerLabScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'lab', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function handleLabProtocol(rendererDir: string, service: () => LabService): void {
  protocol.handle('lab', async (request) => {
    const url = new URL(request.url);
    if (url.host === 'app') {
      const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(/^([/\\])+/, '');
      const file = join(rendererDir, rel);
      if (!file.startsWith(rendererDir + sep) || !existsSync(file)) return new Response('not found', { status: 404 });
      const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (extname(file) === '.html') headers['Content-Security-Policy'] = CSP;
      return new Response(readFileSync(file), { headers });
    }
    if (url.host === 'media') {
      try {
        const m = await resolveMedia(service().workspace, url.pathname.replace(/^\//, ''));
        return m === null ? new Response('not found', { status: 404 }) : new Response(new Uint8Array(m.body), { headers: { 'Content-Type': m.contentType } });
      } catch (e) {
        return new Response((e as Error).message, { status: 404 });
      }
    }
    return net.fetch('about:blank');
  });
}
