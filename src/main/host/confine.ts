/**
 * Confinement for files the front doors serve (issue 7, "never reads outside"): a name taken from a
 * request or a manifest is resolved against a root, symlinks included (`realpath`), and refused unless
 * the real file is a regular file inside the real root. Files are opened with O_NONBLOCK and checked
 * with fstat on the open descriptor, so a FIFO or a device cannot hang the event loop and a file swapped
 * between the check and the open is still refused.
 *
 * Errors name only the relative name asked for, never the resolved outside path or anything about it.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { LabError } from '../../shared/result.ts';

/** True when `child` is `root` itself or below it (both already resolved). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * The real path of `name` under `root`, or a LabError: 'bad-input' when `name` (or a symlink on its
 * way) leads outside `root`, 'not-found' when it does not exist.
 *
 * @example confinedPath(ws.datasetDir(id), manifest.files.images) // '/ws/datasets/abc/images.bin'
 */
export function confinedPath(root: string, name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0') || isAbsolute(name)) {
    throw new LabError('bad-input', `${describe(name)}: not a relative file name`);
  }
  const lexical = resolve(root, name);
  if (!isInside(resolve(root), lexical)) throw new LabError('bad-input', `${describe(name)}: leads outside its folder`);
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(lexical);
  } catch {
    throw new LabError('not-found', `${describe(name)}: not found`);
  }
  if (!isInside(realRoot, real)) throw new LabError('bad-input', `${describe(name)}: leads outside its folder`);
  return real;
}

/** Runs `use` on a descriptor of the regular file `name` under `root` (see confinedPath), then closes it. */
export function withConfinedFile<T>(root: string, name: string, use: (fd: number, size: number) => T): T {
  const real = confinedPath(root, name);
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    throw new LabError('not-found', `${describe(name)}: cannot be opened`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LabError('bad-input', `${describe(name)}: not a regular file`);
    return use(fd, st.size);
  } finally {
    closeSync(fd);
  }
}

/** The whole regular file `name` under `root`, read through the checks of withConfinedFile. */
export function readConfinedFile(root: string, name: string): Buffer {
  return withConfinedFile(root, name, (fd, size) => {
    const out = Buffer.alloc(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, out, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return out.subarray(0, at);
  });
}

function describe(name: unknown): string {
  return typeof name === 'string' ? JSON.stringify(name.slice(0, 200)) : `(${typeof name})`;
}
