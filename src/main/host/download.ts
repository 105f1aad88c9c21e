/**
 * HTTP(S) download with progress, resume (Range requests onto a `.part` file), cancellation and an
 * integrity check (the size the server promised, and a SHA-256 when one is known). The finished file
 * appears under its final name only when complete.
 *
 * Issue 16: a resume asks for the rest only of the same file: the Range request carries `If-Range` with
 * the strong ETag (or Last-Modified) the first response gave, kept beside the part file; without one the
 * download starts over, and a server that answers 200 gets the whole file written afresh. At most
 * MAX_REDIRECTS redirects are followed (a loop once made 82,065 requests in 40 s), and `sameOrigin`
 * refuses a redirect to another origin.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { exists } from './workspace-check.ts';
import { dirname } from 'node:path';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { LabError } from '../../shared/result.ts';
import { type Remedy, withRemedy } from '../../shared/remedy.ts';

export interface DownloadOptions {
  onProgress?: (received: number, total: number) => void;
  signal?: AbortSignal;
  sha256?: string;
  /** An origin (`http://host:port`) that every request, redirects included, must stay on. */
  sameOrigin?: string;
  /** What to do instead without a network (import a local file, and where): said when the host cannot be reached. */
  offline?: Remedy;
}

/** Errors that mean the machine has no route to the server (or no name service), not that the server refused. */
const NO_NETWORK = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENETDOWN', 'ECONNRESET']);

/**
 * A failed request as one line: "no network: …" with the offline way when the host cannot be reached
 * (issue 21: an offline user must learn that, and what works without one), else the error itself.
 */
export function requestFailure(url: string, e: unknown, offline?: Remedy): LabError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (NO_NETWORK.has(code)) {
    return new LabError('io', `no network: cannot reach ${new URL(url).host} (${code}) to download ${url}`, offline === undefined ? undefined : withRemedy(offline));
  }
  return new LabError('io', `${url}: download failed (${(e as Error).message})`);
}

export const MAX_REDIRECTS = 5;

/** The validator a resume may rely on: a strong ETag, else Last-Modified; null when the server gave neither. */
function validatorOf(res: IncomingMessage): string | null {
  const etag = res.headers.etag;
  if (typeof etag === 'string' && etag !== '' && !etag.startsWith('W/')) return etag;
  const modified = res.headers['last-modified'];
  return typeof modified === 'string' && modified !== '' ? modified : null;
}

async function readValidator(file: string, url: string): Promise<string | null> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as { url?: unknown; validator?: unknown };
    return v.url === url && typeof v.validator === 'string' ? v.validator : null;
  } catch {
    return null;
  }
}

function request(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<IncomingMessage> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, { headers, signal }, resolve);
    req.on('error', reject);
  });
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Downloads url to dest; an interrupted download resumes from dest + '.part' on the next call. */
export async function downloadWithResume(url: string, dest: string, opts: DownloadOptions = {}): Promise<{ path: string; bytes: number; resumedFrom: number }> {
  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const validatorFile = `${part}.validator`;
  const validator = (await exists(part)) ? await readValidator(validatorFile, url) : null;
  // A part file without a validator for this URL cannot be resumed safely: start over.
  const have = validator !== null ? (await stat(part)).size : 0;
  let res: IncomingMessage;
  let at = url;
  for (let redirects = 0; ; redirects++) {
    if (opts.sameOrigin !== undefined && new URL(at).origin !== opts.sameOrigin) {
      throw new LabError('bad-input', `${url}: ${at === url ? 'is' : `redirects to ${at.slice(0, 200)}, which is`} not on ${opts.sameOrigin}; refused`);
    }
    try {
      res = await request(at, have > 0 ? { Range: `bytes=${have}-`, 'If-Range': validator! } : {}, opts.signal);
    } catch (e) {
      if (opts.signal?.aborted) throw new LabError('cancelled', `download of ${url} cancelled`);
      throw requestFailure(at, e, opts.offline);
    }
    const status = res.statusCode ?? 0;
    if (status < 300 || status >= 400 || status === 304) break;
    res.resume();
    const location = res.headers.location;
    if (!location) throw new LabError('io', `${url}: server answered ${status} without a Location`);
    if (redirects === MAX_REDIRECTS) throw new LabError('io', `${url}: more than ${MAX_REDIRECTS} redirects (the last to ${new URL(location, at).href.slice(0, 200)}); refused`);
    at = new URL(location, at).href;
  }
  let resumed = res.statusCode === 206;
  if (!resumed && res.statusCode !== 200) {
    res.resume();
    throw new LabError('io', `${url}: server answered ${res.statusCode}`);
  }
  if (resumed) {
    const from = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''));
    if (have === 0 || from === null || Number(from[1]) !== have) {
      res.resume();
      await rm(part, { force: true });
      await rm(validatorFile, { force: true });
      throw new LabError('io', `${url}: the server sent a range that does not continue the ${have} bytes kept; they were removed (run again to start over)`);
    }
  }
  if (!resumed) {
    // A fresh body: remember how to ask for the same file again, or that it cannot be resumed.
    const v = validatorOf(res);
    if (v === null) await rm(validatorFile, { force: true });
    else await writeFile(validatorFile, JSON.stringify({ url, validator: v }));
  }
  resumed = resumed && have > 0;
  const start = resumed ? have : 0;
  const length = Number(res.headers['content-length'] ?? NaN);
  const total = Number.isFinite(length) ? start + length : NaN;
  const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  let received = start;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      received += chunk.length;
      opts.onProgress?.(received, total);
    }
  } catch {
    if (opts.signal?.aborted) throw new LabError('cancelled', `download of ${url} cancelled; ${received} bytes kept for resume`);
    throw new LabError('io', `${url}: connection lost after ${received} bytes (run again to resume)`);
  } finally {
    await new Promise<void>((r) => out.end(() => r()));
  }
  if (!res.complete || (Number.isFinite(total) && received !== total)) {
    throw new LabError('io', `${url}: incomplete download, ${received} of ${total} bytes (run again to resume)`);
  }
  if (opts.sha256 !== undefined) {
    const digest = await fileSha256(part);
    if (digest !== opts.sha256.toLowerCase()) {
      await unlink(part);
      throw new LabError('io', `${url}: integrity check failed (sha256 ${digest}, expected ${opts.sha256}); the partial file was removed`);
    }
  }
  await rename(part, dest);
  await rm(validatorFile, { force: true });
  return { path: dest, bytes: received, resumedFrom: start };
}
