/**
 * The built renderer's files as both front doors that serve them answer (the web server and the desktop's
 * lab:// protocol; issue 17: once, not twice): a URL path becomes a name confined to the renderer's
 * folder (confine.ts: realpath, regular files only, never blocking), typed from one MIME table, and an
 * HTML page carries the one Content-Security-Policy, to which a door adds only what it must (its own
 * image scheme, the WebSocket its page connects to).
 */
import { extname, normalize } from 'node:path';
import { readConfinedFile } from './confine.ts';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The name a URL path asks for, relative to the renderer's folder ('/' is index.html); a URIError for
 * malformed percent-encoding. Confinement is readStaticFile's.
 * @example staticName('/assets/index-abc.js') // 'assets/index-abc.js'
 */
export function staticName(pathname: string): string {
  return normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
}

export interface StaticFile {
  body: Buffer;
  /** Content-Type, and for an HTML page its Content-Security-Policy. */
  headers: Record<string, string>;
}

/** Sources a front door adds to the renderer's policy. */
export interface CspSources {
  img?: readonly string[];
  connect?: readonly string[];
}

/**
 * The renderer's Content-Security-Policy: its own scripts and styles only, no plugins, no framing.
 * @example rendererCsp({ connect: ['ws://127.0.0.1:8080'] })
 */
export function rendererCsp(extra: CspSources = {}): string {
  const sources = (own: string, more: readonly string[] = [], tail: readonly string[] = []) => [own, ...more, ...tail].join(' ');
  return [
    `default-src 'self'`,
    `img-src ${sources(`'self'`, extra.img, ['data:', 'blob:'])}`,
    `style-src 'self' 'unsafe-inline'`,
    `connect-src ${sources(`'self'`, extra.connect)}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/**
 * The renderer's file `name` (see staticName) under `root`, with its headers; a LabError when it leads
 * outside `root`, is missing or is not a regular file (every door answers that with a plain 404).
 */
export function readStaticFile(root: string, name: string, csp: CspSources = {}): StaticFile {
  const body = readConfinedFile(root, name);
  const headers: Record<string, string> = { 'Content-Type': MIME_TYPES[extname(name)] ?? 'application/octet-stream' };
  if (extname(name) === '.html') headers['Content-Security-Policy'] = rendererCsp(csp);
  return { body, headers };
}
