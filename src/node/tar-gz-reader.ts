/**
 * Streams the regular files out of a .tar.gz without extracting to disk (the format of the Imagenette
 * archive), with the maintained `tar` package (issue 7: it reads PAX and GNU long names and detects an
 * entry cut short). An archive cut between entries is caught here: a tar ends with two zero blocks.
 * A truncated or corrupt archive raises a one-line LabError naming the file.
 *
 * Issue 16 (a tar bomb is a zip bomb too): the archive is opened without blocking and must be a regular
 * file; only the entries the caller wants are held in memory, each at most `entryBytes` (checked on the
 * header's size, before a byte is held) and all of them together at most `totalBytes`; and the gzip
 * stream may not expand more than `ratio` : 1 (archive-limits.ts). Each refusal names the entry.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { escapeText, quoteText } from '../shared/quote-text.ts';
import { LabError } from '../shared/result.ts';
import { type ReadLimits, bytesText, checkExpansion, readLimits } from './archive-limits.ts';
import { openRegularFile } from './confine.ts';

export interface TarEntry {
  name: string;
  data: Buffer;
}

export interface TarGzOptions {
  /** Reports compressed bytes read (for progress). */
  onBytes?: (n: number) => void;
  /** Which entries to hold and hand to onEntry (default: all); the rest are skipped unbuffered. */
  want?: (name: string) => boolean;
  /** Checked at each entry: a long read stops with a 'cancelled' LabError. */
  isCancelled?: () => boolean;
  /** Lower caps than READ_LIMITS (tests). */
  limits?: Partial<ReadLimits>;
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

function describe(e: unknown): string {
  // The tar library may quote an entry's name: escaped, never raw bytes in a message (quote-text.ts).
  const message = escapeText((e instanceof Error ? e.message : String(e)).split('\n')[0]);
  const code = (e as { code?: string }).code;
  if (/truncated/i.test(message)) return `truncated archive (${message.replace(/^TAR_BAD_ARCHIVE: /, '')})`;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) return 'truncated archive (the compressed stream ends early)';
  return `corrupt or truncated archive (${message})`;
}

/**
 * Calls onEntry for every regular file the caller wants, within the caps of `options.limits`. An onEntry
 * that returns a promise (the host writing the entry out without blocking) is awaited in order, the
 * archive's reading paused meanwhile, and the read ends only when the last one has.
 */
export async function readTarGz(path: string, onEntry: (e: TarEntry) => unknown, options: TarGzOptions = {}): Promise<void> {
  const limits = readLimits(options.limits);
  // Opened here, not by createReadStream: a FIFO named like an archive would block a libuv thread forever.
  const { fd } = openRegularFile(path, 'archive', Number.MAX_SAFE_INTEGER);
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const source = createReadStream(path, { fd, autoClose: true });
    const fail = (e: LabError | string) => {
      if (failed) return;
      failed = true;
      source.destroy();
      reject(typeof e === 'string' ? new LabError('bad-input', `${path}: ${e}`) : e);
    };
    let current = '';
    let held = 0;
    let writes: Promise<void> = Promise.resolve();
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (failed) return entry.resume();
        current = entry.path;
        if (options.isCancelled?.()) return fail(new LabError('cancelled', `${path}: reading the archive cancelled`));
        if (!FILE_TYPES.has(entry.type) || !(options.want?.(entry.path) ?? true)) return entry.resume();
        const where = `entry ${quoteText(entry.path, 120)}`;
        if (entry.size > limits.entryBytes) return fail(`${where} is ${bytesText(entry.size)}, more than the ${bytesText(limits.entryBytes)} the lab reads for an image; refused`);
        held += entry.size;
        if (held > limits.totalBytes) return fail(`${where} takes the images held from the archive past ${bytesText(limits.totalBytes)}; refused (extract it and use the folder, or fewer images)`);
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          if (failed) return;
          const done = onEntry({ name: entry.path, data: Buffer.concat(chunks) });
          if (!(done instanceof Promise)) return;
          source.pause();
          writes = writes.then(() => done).finally(() => source.resume());
          writes.catch(() => {}); // reported at the end of the archive (or dropped after an earlier failure)
        });
      },
    });
    parser.on('error', (e: unknown) => fail(describe(e)));
    // The last 1024 bytes of the uncompressed tar: all zero in a complete archive.
    let total = 0;
    let compressed = 0;
    let tail = Buffer.alloc(0);
    parser.on('end', () => {
      if (failed) return;
      if (total % 512 !== 0 || total < 1024 || tail.some((b) => b !== 0)) fail(`truncated archive (${total} bytes of tar data, no end-of-archive blocks)`);
      else writes.then(resolve, (e: unknown) => fail(e instanceof LabError ? e : describe(e)));
    });
    const gunzip = createGunzip();
    gunzip.on('data', (chunk: Buffer) => {
      total += chunk.length;
      try {
        checkExpansion(`${path}: the archive (at entry ${quoteText(current, 120)})`, total, compressed, limits);
      } catch (e) {
        gunzip.destroy();
        return fail(e as LabError);
      }
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > 1024) tail = tail.subarray(tail.length - 1024);
    });
    gunzip.on('error', (e) => fail(describe(e)));
    source.on('data', (chunk) => {
      compressed += chunk.length;
      options.onBytes?.(chunk.length);
    });
    source.on('error', (e: NodeJS.ErrnoException) => fail(`cannot read the archive (${e.code ?? e.message})`));
    source.pipe(gunzip).pipe(parser);
  });
}

