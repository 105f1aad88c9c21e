/**
 * Durable atomic writes (DESIGN.md "Workspace on disk", issue 7): write a temp file unique to this
 * writer, flush it, rename it over the target, flush the folder. A crash leaves either the old or the
 * new complete file (plus a temp file that Workspace.open cleans); a full disk fails with one line
 * naming the path and keeps the old file.
 *
 * One copy for both Node processes (src/node, issue 17): the host writes manifests and reports with it,
 * the worker checkpoints and datasets.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LabError } from '../shared/result.ts';
import { tempNameFor } from '../shared/workspace-files.ts';

/** Flushes a folder's entries (a rename is durable only once its folder is); a no-op where folders cannot be opened (Windows). */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM/EINVAL on platforms and file systems that cannot sync a folder
  } finally {
    closeSync(fd);
  }
}

/** Flushes a file already written (by code that does not flush, such as a library's save). */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** One line naming the path (and, for a full disk, the disk and its free space) for a failed write. */
export function writeError(path: string, e: unknown): LabError {
  if (e instanceof LabError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    let free = '';
    try {
      const s = statfsSync(dirname(path));
      free = `, ${s.bavail * s.bsize} bytes free`;
    } catch {
      // the disk could not be asked; the path is enough
    }
    return new LabError('io', `${path}: disk full (${code}) on the disk holding ${dirname(path)}${free}; the previous version is kept`);
  }
  const why = code ?? (e as Error).message?.split('\n')[0] ?? String(e);
  return new LabError('io', `${path}: cannot write (${why})`);
}

/** Writes all of `data` to a new file and flushes it; removes it again and rethrows the raw error on failure. */
function writeAndSync(path: string, data: string | Uint8Array, flag: string): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(path, flag, 0o644);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw e;
  }
  closeSync(fd);
}

/** Writes a new file (never an existing one: `wx`) and flushes it; one line naming the path on failure. */
export function writeFileDurable(path: string, data: string | Uint8Array): void {
  try {
    writeAndSync(path, data, 'wx');
  } catch (e) {
    throw writeError(path, e);
  }
}

/**
 * Replaces `path` with `data` atomically and durably.
 * @example writeFileAtomic(join(runDir, 'manifest.json'), JSON.stringify(manifest, null, 2))
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw writeError(path, e);
  }
  const tmp = tempNameFor(path, process.pid, Math.random().toString(36).slice(2, 10));
  try {
    writeAndSync(tmp, data, 'wx');
  } catch (e) {
    throw writeError(path, e); // name the target, not the temp file
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeError(path, e);
  }
  fsyncDir(dir);
}
