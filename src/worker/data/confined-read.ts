/**
 * Reading a file the user's dataset folder names, the worker's counterpart of the host's confine.ts
 * (the worker may not import src/main): the real path (symlinks resolved) must lie inside the real
 * folder, the file is opened with O_NONBLOCK and checked with fstat on the open descriptor, so a FIFO or
 * a device named like a list or an image is refused at once instead of blocking the worker thread where
 * no cancel can reach it (issue 16), and a file larger than the caller's cap is refused before any
 * memory is allocated for it. Only st.size bytes are read, so a file that grows meanwhile cannot run on.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { LabError } from '../../shared/result.ts';

/** True when `child` is `root` or below it (both real paths). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * The real path of `path`, which must lie inside the real `root`; the error names `path` only (never
 * where a symlink leads). `what` says what the file is for ("attribute list", "image").
 */
export function confinedRealPath(root: string, path: string, what: string): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LabError('bad-input', `${path}: ${what} ${code === 'ENOENT' ? 'not found (or a dangling symbolic link)' : `cannot be read (${code ?? 'error'})`}`);
  }
  if (!isInside(realpathSync(root), real)) throw new LabError('bad-input', `${path}: ${what} is a symbolic link leading outside ${root}`);
  return real;
}

/**
 * Opens a regular file of at most `maxBytes` without blocking; the caller closes the descriptor.
 * Errors name `shown` (the path as the user's folder spells it, not its real path).
 */
export function openRegularFile(path: string, what: string, maxBytes: number, shown = path): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LabError('bad-input', `${shown}: ${what} ${code === 'ENOENT' ? 'not found' : `cannot be opened (${code ?? 'error'})`}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LabError('bad-input', `${shown}: ${what} is not a regular file (${st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : 'a device or socket'})`);
    if (st.size > maxBytes) throw new LabError('bad-input', `${shown}: ${what} is ${st.size} bytes, more than the ${maxBytes} the lab reads for it`);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The whole of a regular file of at most `maxBytes`, read without blocking (see openRegularFile). */
export function readRegularFile(path: string, what: string, maxBytes: number, shown = path): Buffer {
  const { fd, size } = openRegularFile(path, what, maxBytes, shown);
  try {
    const out = Buffer.alloc(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, out, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return out.subarray(0, at);
  } catch (e) {
    throw new LabError('bad-input', `${shown}: ${what} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
}

/** The whole of a regular file inside `root` (see confinedRealPath and readRegularFile). */
export function readConfinedFile(root: string, path: string, what: string, maxBytes: number): Buffer {
  return readRegularFile(confinedRealPath(root, path, what), what, maxBytes, path);
}
