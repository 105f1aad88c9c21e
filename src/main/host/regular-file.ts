/**
 * Reading and copying files the user names, in the host's main process, without ever blocking it
 * (issue 16): every open is asynchronous (fs/promises, on libuv's thread pool) with O_NONBLOCK, and the
 * open descriptor is fstat-ed, so a FIFO or a device named model.json, weights.bin or *.h5 is refused at
 * once instead of freezing every front door. Confinement is the caller's (confine.ts gives the real path
 * inside a folder); pass `noFollow` for such a real path, so a symlink swapped in after the check fails.
 */
import { constants, createWriteStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { LabError } from '../../shared/result.ts';

export interface RegularFileOptions {
  /** Refuse a symlink as the last component (for a path already resolved by confinedPath). */
  noFollow?: boolean;
  /** Refuse a larger file before reading it. */
  maxBytes?: number;
}

/** Runs `use` on the open regular file `path`; `label` starts every error line (usually the path). */
async function withRegularFile<T>(path: string, label: string, opts: RegularFileOptions, use: (fh: FileHandle, size: number) => Promise<T>): Promise<T> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (opts.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LabError(code === 'ENOENT' ? 'not-found' : 'bad-input', `${label}: ${code === 'ENOENT' ? 'not found' : `cannot be opened (${code ?? 'error'})`}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new LabError('bad-input', `${label}: not a regular file`);
    if (opts.maxBytes !== undefined && st.size > opts.maxBytes) throw new LabError('bad-input', `${label}: ${st.size} bytes, more than the ${opts.maxBytes} allowed`);
    return await use(fh, st.size);
  } finally {
    await fh.close();
  }
}

/** The whole regular file. */
export function readRegularFileAsync(path: string, label: string, opts: RegularFileOptions = {}): Promise<Buffer> {
  return withRegularFile(path, label, opts, (fh) => fh.readFile());
}

/** Copies the regular file `from` to the new file `to` (which must not exist), streaming; resolves to its size. */
export function copyRegularFile(from: string, to: string, label: string, opts: RegularFileOptions = {}): Promise<number> {
  return withRegularFile(from, label, opts, async (fh, size) => {
    try {
      await pipeline(fh.createReadStream({ autoClose: false, start: 0 }), createWriteStream(to, { flags: 'wx' }));
    } catch (e) {
      throw new LabError('io', `${label}: cannot be copied (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return size;
  });
}
