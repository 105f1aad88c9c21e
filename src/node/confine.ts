/**
 * Reading files whose names come from someone else (a request, a manifest, a model.json, the user's
 * dataset folder), in either Node process: never outside the folder they belong to, never blocking.
 * One module for the host and the worker (issue 17; before, four copies: the host's confine.ts and
 * regular-file.ts, the worker's confined-read.ts and model-io.ts).
 *
 * - Confinement (issue 7, "never reads outside"): the name is resolved against its folder, symlinks
 *   included (`realpath`), and refused unless the real file lies inside the real folder.
 * - Never blocking (issue 16): files are opened with O_NONBLOCK and checked with fstat on the open
 *   descriptor, so a FIFO or a device cannot hang the host's event loop or a worker thread where no
 *   cancel reaches it, and a file swapped for a non-regular one between the check and the open is still
 *   refused. Workspace files are opened by their resolved real path with O_NOFOLLOW, so a last component
 *   swapped for a symlink after the check is refused too (a swapped folder higher up is not). A size cap
 *   is checked before anything is allocated, and only st.size bytes are read, so a file that grows
 *   meanwhile cannot run on.
 *
 * Errors come in two voices. Workspace files (confinedPath, withConfinedFile, readConfinedFile,
 * withConfinedFileAsync) are named relative to their run or dataset folder, and errors name only that
 * name, never the resolved outside path or anything about it. Files the user names (confinedRealPath,
 * openRegularFile, readRegularFile, readRegularFileInside, readRegularFileAsync, copyRegularFile) are
 * named as the user spelled them, with what they are for.
 */
import { closeSync, constants, createWriteStream, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LabError } from '../shared/result.ts';

const READ_NO_BLOCK = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** True when `child` is `root` itself or below it (both already resolved). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The real path of `path` when it lies inside the real `root`, else null; realpath's own error (ENOENT, ELOOP, …) is thrown. */
function realInside(root: string, path: string): string | null {
  const real = realpathSync(path);
  return isInside(realpathSync(root), real) ? real : null;
}

async function realInsideAsync(root: string, path: string): Promise<string | null> {
  const [real, realRoot] = await Promise.all([realpath(path), realpath(root)]);
  return isInside(realRoot, real) ? real : null;
}

/** How one family of readers words each refusal, and the cap it applies. */
interface Refusals {
  cannotOpen(code: string | undefined): LabError;
  notRegular(st: Stats): LabError;
  /** With tooLarge: refuse a larger file before reading it. */
  maxBytes?: number;
  tooLarge?(size: number, maxBytes: number): LabError;
  /** Refuse a symlink as the last component (for a path already resolved by confinedPath). */
  noFollow?: boolean;
}

const errorCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

function checkStat(st: Stats, refuse: Refusals): void {
  if (!st.isFile()) throw refuse.notRegular(st);
  if (refuse.maxBytes !== undefined && refuse.tooLarge !== undefined && st.size > refuse.maxBytes) throw refuse.tooLarge(st.size, refuse.maxBytes);
}

function openFlags(refuse: Refusals): number {
  return READ_NO_BLOCK | (refuse.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
}

/** Opens a regular file without blocking and checks it on the descriptor; the caller closes it. */
function openChecked(path: string, refuse: Refusals): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, openFlags(refuse));
  } catch (e) {
    throw refuse.cannotOpen(errorCode(e));
  }
  try {
    const st = fstatSync(fd);
    checkStat(st, refuse);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** openChecked on libuv's thread pool, for the host's main process; `use` runs before the handle is closed. */
async function withCheckedHandle<T>(path: string, refuse: Refusals, use: (fh: FileHandle, st: Stats) => Promise<T>): Promise<T> {
  let fh: FileHandle;
  try {
    fh = await open(path, openFlags(refuse));
  } catch (e) {
    throw refuse.cannotOpen(errorCode(e));
  }
  try {
    const st = await fh.stat();
    checkStat(st, refuse);
    return await use(fh, st);
  } finally {
    await fh.close();
  }
}

/** The first `size` bytes of an open file (fewer when it was cut meanwhile). */
function readAll(fd: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    const n = readSync(fd, out, at, size - at, at);
    if (n === 0) break;
    at += n;
  }
  return out.subarray(0, at);
}

/** The first `size` bytes of an open file handle (fewer when it was cut meanwhile). */
export async function readAllAsync(fh: FileHandle, size: number): Promise<Buffer> {
  const out = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    const { bytesRead } = await fh.read(out, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return out.subarray(0, at);
}

// ---- Workspace files: a relative name under a folder; errors name only that name. ----

function describe(name: unknown): string {
  return typeof name === 'string' ? JSON.stringify(name.slice(0, 200)) : `(${typeof name})`;
}

const leadsOutside = (name: unknown) => new LabError('bad-input', `${describe(name)}: leads outside its folder`);

/** `root`/`name` before symlinks are resolved, refusing what is not a relative name or climbs out by `..`. */
function lexicalPath(root: string, name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0') || isAbsolute(name)) {
    throw new LabError('bad-input', `${describe(name)}: not a relative file name`);
  }
  const lexical = resolve(root, name);
  if (!isInside(resolve(root), lexical)) throw leadsOutside(name);
  return lexical;
}

const workspaceRefusals = (shown: string): Refusals => ({
  // The path opened is already the real one: a symlink there now was swapped in after the check.
  noFollow: true,
  cannotOpen: () => new LabError('not-found', `${shown}: cannot be opened`),
  notRegular: () => new LabError('bad-input', `${shown}: not a regular file`),
});

/**
 * The real path of `name` under `root`, or a LabError: 'bad-input' when `name` (or a symlink on its
 * way) leads outside `root`, 'not-found' when it does not exist.
 *
 * @example confinedPath(ws.datasetDir(id), manifest.files.images) // '/ws/datasets/abc/images.bin'
 */
export function confinedPath(root: string, name: string): string {
  const lexical = lexicalPath(root, name);
  let real: string | null;
  try {
    real = realInside(root, lexical);
  } catch {
    throw new LabError('not-found', `${describe(name)}: not found`);
  }
  if (real === null) throw leadsOutside(name);
  return real;
}

/** confinedPath for the host's main process (fs/promises), with the same checks and errors. */
export async function confinedPathAsync(root: string, name: string): Promise<string> {
  const lexical = lexicalPath(root, name);
  let real: string | null;
  try {
    real = await realInsideAsync(root, lexical);
  } catch {
    throw new LabError('not-found', `${describe(name)}: not found`);
  }
  if (real === null) throw leadsOutside(name);
  return real;
}

/** Runs `use` on a descriptor of the regular file `name` under `root` (see confinedPath), then closes it. */
export function withConfinedFile<T>(root: string, name: string, use: (fd: number, size: number) => T): T {
  const { fd, size } = openChecked(confinedPath(root, name), workspaceRefusals(describe(name)));
  try {
    return use(fd, size);
  } finally {
    closeSync(fd);
  }
}

/** The whole regular file `name` under `root`, read through the checks of withConfinedFile. */
export function readConfinedFile(root: string, name: string): Buffer {
  return withConfinedFile(root, name, readAll);
}

/**
 * withConfinedFile for the host's main process, which never blocks on disk (fs/promises); `use` also gets
 * the file's stat and real path. Errors past the confinement check name `shown` (default: the name).
 *
 * @example await withConfinedFileAsync(runDir, 'saliency/rectgrad.npy', (fh, st) => readAllAsync(fh, st.size))
 */
export async function withConfinedFileAsync<T>(root: string, name: string, use: (fh: FileHandle, st: Stats, real: string) => Promise<T>, shown = describe(name)): Promise<T> {
  const lexical = lexicalPath(root, name);
  let real: string | null;
  try {
    real = await realInsideAsync(root, lexical);
  } catch {
    throw new LabError('not-found', `${shown}: not found`);
  }
  if (real === null) throw leadsOutside(name);
  const found = real;
  return withCheckedHandle(found, workspaceRefusals(shown), (fh, st) => use(fh, st, found));
}

/** readConfinedFile for the host's main process (fs/promises), with the same checks and errors. */
export function readConfinedFileAsync(root: string, name: string): Promise<Buffer> {
  return withConfinedFileAsync(root, name, (fh, st) => readAllAsync(fh, st.size));
}

// ---- Files the user names: errors name the path as the user spelled it, and what it is for. ----

/**
 * The real path of `path`, which must lie inside the real `root`; the error names `path` only (never
 * where a symlink leads). `what` says what the file is for ("attribute list", "image").
 */
export function confinedRealPath(root: string, path: string, what: string): string {
  let real: string | null;
  try {
    real = realInside(root, path);
  } catch (e) {
    const code = errorCode(e);
    throw new LabError('bad-input', `${path}: ${what} ${code === 'ENOENT' ? 'not found (or a dangling symbolic link)' : `cannot be read (${code ?? 'error'})`}`);
  }
  if (real === null) throw new LabError('bad-input', `${path}: ${what} is a symbolic link leading outside ${root}`);
  return real;
}

function kindOf(st: Stats): string {
  return st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : 'a device or socket';
}

const userFileRefusals = (shown: string, what: string, maxBytes: number): Refusals => ({
  cannotOpen: (code) => new LabError('bad-input', `${shown}: ${what} ${code === 'ENOENT' ? 'not found' : `cannot be opened (${code ?? 'error'})`}`),
  notRegular: (st) => new LabError('bad-input', `${shown}: ${what} is not a regular file (${kindOf(st)})`),
  maxBytes,
  tooLarge: (size, max) => new LabError('bad-input', `${shown}: ${what} is ${size} bytes, more than the ${max} the lab reads for it`),
});

/**
 * Opens a regular file of at most `maxBytes` without blocking; the caller closes the descriptor.
 * Errors name `shown` (the path as the user's folder spells it, not its real path).
 */
export function openRegularFile(path: string, what: string, maxBytes: number, shown = path): { fd: number; size: number } {
  return openChecked(path, userFileRefusals(shown, what, maxBytes));
}

/**
 * The whole of a regular file of at most `maxBytes`, read without blocking (see openRegularFile).
 * @example readRegularFile(join(dir, 'model.json'), 'file') // a FIFO named model.json is refused at once
 */
export function readRegularFile(path: string, what: string, maxBytes = 2 ** 31, shown = path): Buffer {
  const { fd, size } = openRegularFile(path, what, maxBytes, shown);
  try {
    return readAll(fd, size);
  } catch (e) {
    throw new LabError('bad-input', `${shown}: ${what} cannot be read (${errorCode(e) ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
}

/** The whole of a regular file inside `root` (see confinedRealPath and readRegularFile). */
export function readRegularFileInside(root: string, path: string, what: string, maxBytes: number): Buffer {
  return readRegularFile(confinedRealPath(root, path, what), what, maxBytes, path);
}

export interface RegularFileOptions {
  /** Refuse a symlink as the last component (for a path already resolved by confinedPath). */
  noFollow?: boolean;
  /** Refuse a larger file before reading it. */
  maxBytes?: number;
}

/** The host's asynchronous readers: `label` starts every error line (usually the path). */
const labelRefusals = (label: string, opts: RegularFileOptions): Refusals => ({
  cannotOpen: (code) => new LabError(code === 'ENOENT' ? 'not-found' : 'bad-input', `${label}: ${code === 'ENOENT' ? 'not found' : `cannot be opened (${code ?? 'error'})`}`),
  notRegular: () => new LabError('bad-input', `${label}: not a regular file`),
  maxBytes: opts.maxBytes,
  tooLarge: (size, max) => new LabError('bad-input', `${label}: ${size} bytes, more than the ${max} allowed`),
  noFollow: opts.noFollow,
});

/** The whole regular file, read on libuv's thread pool (the host's main process never blocks on disk). */
export function readRegularFileAsync(path: string, label: string, opts: RegularFileOptions = {}): Promise<Buffer> {
  return withCheckedHandle(path, labelRefusals(label, opts), (fh, st) => readAllAsync(fh, st.size));
}

/** Copies the regular file `from` to the new file `to` (which must not exist), streaming; resolves to its size. */
export function copyRegularFile(from: string, to: string, label: string, opts: RegularFileOptions = {}): Promise<number> {
  return withCheckedHandle(from, labelRefusals(label, opts), async (fh, st) => {
    try {
      await pipeline(fh.createReadStream({ autoClose: false, start: 0 }), createWriteStream(to, { flags: 'wx' }));
    } catch (e) {
      throw new LabError('io', `${label}: cannot be copied (${errorCode(e) ?? (e as Error).message})`);
    }
    return st.size;
  });
}
