/**
 * Streams the regular files out of a .tar.gz (ustar/GNU) without extracting to disk: the format of
 * the Imagenette archive. A truncated or corrupt archive raises a one-line LabError naming the file.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { LabError } from '../../shared/result.ts';

export interface TarEntry {
  name: string;
  data: Buffer;
}

function field(block: Buffer, start: number, len: number): string {
  const raw = block.subarray(start, start + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? len : end).toString('utf8');
}

/** Calls onEntry for every regular file; onBytes reports compressed bytes read (for progress). */
export async function readTarGz(path: string, onEntry: (e: TarEntry) => void, onBytes?: (n: number) => void): Promise<void> {
  const source = createReadStream(path);
  source.on('data', (chunk) => onBytes?.(chunk.length));
  const gunzip = source.pipe(createGunzip());
  let pending: Buffer = Buffer.alloc(0);
  let longName: string | null = null;
  let sawEnd = false;
  let want: { name: string; size: number; type: string } | null = null;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (!sawEnd) {
        if (want === null) {
          if (pending.length < 512) break;
          const header = pending.subarray(0, 512);
          if (header.every((b) => b === 0)) {
            sawEnd = true;
            break;
          }
          const size = parseInt(field(header, 124, 12).trim() || '0', 8);
          const type = String.fromCharCode(header[156] || 48);
          const prefix = field(header, 345, 155);
          const base = field(header, 0, 100);
          const name: string = longName ?? (prefix ? `${prefix}/${base}` : base);
          longName = null;
          want = { name, size, type };
          pending = pending.subarray(512);
        }
        const padded = Math.ceil(want.size / 512) * 512;
        if (pending.length < padded) break;
        const data: Buffer = Buffer.from(pending.subarray(0, want.size));
        pending = pending.subarray(padded);
        if (want.type === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
        else if (want.type === '0' || want.type === '\0') onEntry({ name: want.name, data });
        want = null;
      }
    }
  } catch (e) {
    throw new LabError('bad-input', `${path}: corrupt or truncated archive (${(e as Error).message})`);
  }
  if (want !== null) throw new LabError('bad-input', `${path}: truncated archive (ends inside ${want.name})`);
}
