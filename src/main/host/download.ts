/**
 * HTTP(S) download with progress, resume (Range requests onto a `.part` file), cancellation and an
 * integrity check (the size the server promised, and a SHA-256 when one is known). The finished file
 * appears under its final name only when complete.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { LabError } from '../../shared/result.ts';

export interface DownloadOptions {
  onProgress?: (received: number, total: number) => void;
  signal?: AbortSignal;
  sha256?: string;
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
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  let res: IncomingMessage;
  try {
    res = await request(url, have > 0 ? { Range: `bytes=${have}-` } : {}, opts.signal);
  } catch (e) {
    if (opts.signal?.aborted) throw new LabError('cancelled', `download of ${url} cancelled`);
    throw new LabError('io', `${url}: download failed (${(e as Error).message})`);
  }
  if (res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
    res.resume();
    return downloadWithResume(new URL(res.headers.location, url).href, dest, opts);
  }
  const resumed = res.statusCode === 206;
  if (!resumed && res.statusCode !== 200) {
    res.resume();
    throw new LabError('io', `${url}: server answered ${res.statusCode}`);
  }
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
      unlinkSync(part);
      throw new LabError('io', `${url}: integrity check failed (sha256 ${digest}, expected ${opts.sha256}); the partial file was removed`);
    }
  }
  renameSync(part, dest);
  return { path: dest, bytes: received, resumedFrom: start };
}
