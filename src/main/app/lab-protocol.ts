/**
 * The lab:// protocol: lab://app/… serves the built renderer, lab://media/… serves dataset images and
 * reports from the open workspace only (resolveMedia matches fixed patterns). No file:// anywhere.
 */
import { protocol } from 'electron';
import { extname, normalize } from 'node:path';
import type { LabService } from '../host/lab-service.ts';
import { resolveMedia } from '../host/media.ts';
import { readConfinedFile } from '../host/confine.ts';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };
export const CSP = "default-src 'self'; img-src 'self' lab: data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Must run before app 'ready'. */
export function registerLabScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'lab', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function handleLabProtocol(rendererDir: string, service: () => LabService): void {
  // Every failure (a malformed URL or percent-encoding, a file outside its root, a missing file) is a
  // 404 that names nothing behind it; files are read through confine.ts (realpath, regular files only).
  protocol.handle('lab', async (request) => {
    try {
      const url = new URL(request.url);
      if (url.host === 'app') {
        const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(/^([/\\])+/, '');
        const body = readConfinedFile(rendererDir, rel);
        const headers: Record<string, string> = { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream' };
        if (extname(rel) === '.html') headers['Content-Security-Policy'] = CSP;
        return new Response(new Uint8Array(body), { headers });
      }
      if (url.host === 'media') {
        const m = await resolveMedia(service().workspace, url.pathname.replace(/^\//, ''));
        if (m !== null) return new Response(new Uint8Array(m.body), { headers: { 'Content-Type': m.contentType } });
      }
    } catch {
      // fall through to 404
    }
    return new Response('not found', { status: 404 });
  });
}
