/**
 * Durable atomic writes (DESIGN.md "Workspace on disk", issue 7): write a temp file unique to this
 * writer, flush it, rename it over the target, flush the folder. A crash leaves either the old or the
 * new complete file (plus a temp file that Workspace.open cleans); a full disk fails with one line
 * naming the path and keeps the old file.
 *
 * One copy for both Node processes (src/node, issue 17): the host writes manifests and reports with it,
 * the worker checkpoints and datasets.
 */
import { dirname } from 'node:path';
import { LabError } from '../shared/result.ts';
import { tempNameFor } from '../shared/workspace-files.ts';
import { type Steps, io, runAsync, runSync } from './fs-steps.ts';

// Each function is written once, as steps (fs-steps.ts), and exported twice: without blocking for the
// main process (`writeFileAtomic`), blocking for the worker thread and one-shot commands (`writeFileAtomicSync`).

function* fsyncDirSteps(dir: string): Steps<void> {
  let fd: number;
  try {
    fd = yield* io.open(dir, 'r');
  } catch {
    return;
  }
  try {
    yield* io.fsync(fd);
  } catch {
    // EISDIR/EPERM/EINVAL on platforms and file systems that cannot sync a folder
  } finally {
    yield* io.close(fd);
  }
}

/** Flushes a folder's entries (a rename is durable only once its folder is); a no-op where folders cannot be opened (Windows). */
export const fsyncDir = (dir: string): Promise<void> => runAsync(fsyncDirSteps(dir));
export const fsyncDirSync = (dir: string): void => runSync(fsyncDirSteps(dir));

function* fsyncFileSteps(path: string): Steps<void> {
  const fd = yield* io.open(path, 'r');
  try {
    yield* io.fsync(fd);
  } finally {
    yield* io.close(fd);
  }
}

/** Flushes a file already written (by code that does not flush, such as a library's save). */
export const fsyncFile = (path: string): Promise<void> => runAsync(fsyncFileSteps(path));
export const fsyncFileSync = (path: string): void => runSync(fsyncFileSteps(path));

function* writeErrorSteps(path: string, e: unknown): Steps<LabError> {
  if (e instanceof LabError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    let free = '';
    try {
      const s = yield* io.statfs(dirname(path));
      free = `, ${s.bavail * s.bsize} bytes free`;
    } catch {
      // the disk could not be asked; the path is enough
    }
    return new LabError('io', `${path}: disk full (${code}) on the disk holding ${dirname(path)}${free}; the previous version is kept`);
  }
  const why = code ?? (e as Error).message?.split('\n')[0] ?? String(e);
  return new LabError('io', `${path}: cannot write (${why})`);
}

/** One line naming the path (and, for a full disk, the disk and its free space) for a failed write. */
export const writeError = (path: string, e: unknown): Promise<LabError> => runAsync(writeErrorSteps(path, e));
export const writeErrorSync = (path: string, e: unknown): LabError => runSync(writeErrorSteps(path, e));

/** Writes all of `data` to a new file and flushes it; removes it again and rethrows the raw error on failure. */
function* writeAndSync(path: string, data: string | Uint8Array, flag: string): Steps<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = yield* io.open(path, flag, 0o644);
  try {
    let off = 0;
    while (off < bytes.length) off += yield* io.write(fd, bytes, off, bytes.length - off);
    yield* io.fsync(fd);
  } catch (e) {
    yield* io.close(fd);
    yield* io.rmForce(path);
    throw e;
  }
  yield* io.close(fd);
}

export function* writeFileDurableSteps(path: string, data: string | Uint8Array): Steps<void> {
  try {
    yield* writeAndSync(path, data, 'wx');
  } catch (e) {
    throw yield* writeErrorSteps(path, e);
  }
}

/** Writes a new file (never an existing one: `wx`) and flushes it; one line naming the path on failure. */
export const writeFileDurable = (path: string, data: string | Uint8Array): Promise<void> => runAsync(writeFileDurableSteps(path, data));
export const writeFileDurableSync = (path: string, data: string | Uint8Array): void => runSync(writeFileDurableSteps(path, data));

function* writeFileAtomicSteps(path: string, data: string | Uint8Array): Steps<void> {
  const dir = dirname(path);
  try {
    yield* io.mkdirp(dir);
  } catch (e) {
    throw yield* writeErrorSteps(path, e);
  }
  const tmp = tempNameFor(path, process.pid, Math.random().toString(36).slice(2, 10));
  try {
    yield* writeAndSync(tmp, data, 'wx');
  } catch (e) {
    throw yield* writeErrorSteps(path, e); // name the target, not the temp file
  }
  try {
    yield* io.rename(tmp, path);
  } catch (e) {
    yield* io.rmForce(tmp);
    throw yield* writeErrorSteps(path, e);
  }
  yield* fsyncDirSteps(dir);
}

/**
 * Replaces `path` with `data` atomically and durably.
 * @example await writeFileAtomic(join(runDir, 'manifest.json'), JSON.stringify(manifest, null, 2))
 */
export const writeFileAtomic = (path: string, data: string | Uint8Array): Promise<void> => runAsync(writeFileAtomicSteps(path, data));
export const writeFileAtomicSync = (path: string, data: string | Uint8Array): void => runSync(writeFileAtomicSteps(path, data));
