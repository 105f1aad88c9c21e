/**
 * The checks at the web front door, each total: any string a client can send (request target, Host,
 * Origin, cookie, token) gives an answer, never a throw (issue 7: a token with non-ASCII bytes or a
 * target `new URL` cannot parse used to take the server down before authentication).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'sbl_token';

/**
 * Constant-time comparison of a presented token with ours. Both sides are hashed first, so the
 * buffers timingSafeEqual sees always have the same length, whatever bytes (or how many) were sent.
 */
export function sameToken(presented: string | null | undefined, token: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(token));
}

export function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The path and query of an origin-form request target (`/a/b?c`), or null for anything else: absolute
 * or authority forms, `*`, and targets the URL parser refuses (`//[::1`, `http://[`). A fixed base is
 * prepended as a string, so a target starting with `//` stays a path instead of naming a host.
 */
export function parseTarget(raw: string | undefined): URL | null {
  if (typeof raw !== 'string' || !raw.startsWith('/')) return null;
  try {
    return new URL(`http://target.invalid${raw}`);
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** hostname and port of a Host header value or an Origin, normalised by the URL parser; null if unparsable. */
function authority(s: string): { hostname: string; port: string; host: string } | null {
  try {
    const u = new URL(s);
    if (u.protocol !== 'http:' || u.username !== '' || u.password !== '' || (u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '') return null;
    return { hostname: u.hostname.toLowerCase(), port: u.port === '' ? '80' : u.port, host: u.host.toLowerCase() };
  } catch {
    return null;
  }
}

/**
 * The Origin rule. A request is from an allowed origin when:
 *  - it has no Origin header (curl, scripts, a top-level navigation): the token still decides; or
 *  - the Origin is http:// on a loopback name (localhost, 127.0.0.1, [::1]) or the host we are bound to,
 *    the Host header names a loopback name or our bound host too, and either
 *    (a) Origin and Host are the same authority: the page and this request went to the same place, which
 *        is this server reached directly or through an SSH tunnel (`ssh -L 9000:127.0.0.1:PORT`; the
 *        browser then says Origin http://localhost:9000 and Host localhost:9000), or
 *    (b) Origin and Host both carry our own listening port: the same server under another loopback name
 *        (a page on http://localhost:PORT calling http://127.0.0.1:PORT).
 * Everything else is refused, in particular foreign origins (http://evil.example, also when DNS
 * rebinding points its name at 127.0.0.1: the Host is then not loopback) and a page on another
 * loopback port calling us (http://localhost:3000 → localhost:PORT): browsers treat all localhost
 * ports as one site, so our SameSite=Strict cookie would ride along, and only this rule stops it.
 * The token (URL or cookie) is required in every case, in addition to this rule.
 */
export function originAllowed(req: IncomingMessage, own: { host: string; port: number }): boolean {
  const originHeader = req.headers.origin;
  if (originHeader === undefined) return true;
  const origin = authority(String(originHeader));
  const hostHeader = req.headers.host;
  const host = typeof hostHeader === 'string' ? authority(`http://${hostHeader}`) : null;
  if (origin === null || host === null) return false;
  const ownHost = (own.host.includes(':') ? `[${own.host}]` : own.host).toLowerCase();
  const ours = (h: string) => LOOPBACK.has(h) || h === ownHost;
  if (!ours(origin.hostname) || !ours(host.hostname)) return false;
  if (origin.host === host.host) return true;
  const port = String(own.port);
  return origin.port === port && host.port === port;
}
