/**
 * Streams the regular files out of a .tar.gz without extracting to disk (the format of the Imagenette
 * archive), with the maintained `tar` package (issue 7: it reads PAX and GNU long names and detects an
 * entry cut short). An archive cut between entries is caught here: a tar ends with two zero blocks.
 * A truncated or corrupt archive raises a one-line LabError naming the file.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { LabError } from '../../shared/result.ts';

export interface TarEntry {
  name: string;
  data: Buffer;
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

function describe(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const code = (e as { code?: string }).code;
  if (/truncated/i.test(message)) return `truncated archive (${message.replace(/^TAR_BAD_ARCHIVE: /, '')})`;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) return 'truncated archive (the compressed stream ends early)';
  return `corrupt or truncated archive (${message})`;
}

/** Calls onEntry for every regular file; onBytes reports compressed bytes read (for progress). */
export function readTarGz(path: string, onEntry: (e: TarEntry) => void, onBytes?: (n: number) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const source = createReadStream(path);
    const fail = (why: string) => {
      if (failed) return;
      failed = true;
      source.destroy();
      reject(new LabError('bad-input', `${path}: ${why}`));
    };
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (!FILE_TYPES.has(entry.type)) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          if (!failed) onEntry({ name: entry.path, data: Buffer.concat(chunks) });
        });
      },
    });
    parser.on('error', (e: unknown) => fail(describe(e)));
    // The last 1024 bytes of the uncompressed tar: all zero in a complete archive.
    let total = 0;
    let tail = Buffer.alloc(0);
    parser.on('end', () => {
      if (failed) return;
      if (total % 512 !== 0 || total < 1024 || tail.some((b) => b !== 0)) fail(`truncated archive (${total} bytes of tar data, no end-of-archive blocks)`);
      else resolve();
    });
    const gunzip = createGunzip();
    gunzip.on('data', (chunk: Buffer) => {
      total += chunk.length;
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > 1024) tail = tail.subarray(tail.length - 1024);
    });
    gunzip.on('error', (e) => fail(describe(e)));
    source.on('data', (chunk) => onBytes?.(chunk.length));
    source.on('error', (e: NodeJS.ErrnoException) => fail(`cannot read the archive (${e.code ?? e.message})`));
    source.pipe(gunzip).pipe(parser);
  });
}
