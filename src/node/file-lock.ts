/**
 * Lock files for whatever two processes must not write at once (issue 7: "a second --resume of a
 * running run is refused with one line naming the process holding it"). A lock is a small JSON file
 * naming its holder (pid, host, boot, process start), created atomically: the content is written to a
 * private temp file, flushed, then hard-linked to the lock's name, which fails if the name exists (the
 * `O_EXCL` guarantee without the window in which a lock file exists but is still empty). A lock whose
 * holder is dead (same host, pid gone, or the machine rebooted since) is stale and is taken over:
 * moved aside to a private name, checked to be the very lock judged stale (another taker may have
 * replaced it in between; then it is put back), removed, and the link tried again. Locks are released
 * on finish, on error and when the process exits.
 */
import { hostname } from 'node:os';
import { LabError } from '../shared/result.ts';
import { tempNameFor } from '../shared/workspace-files.ts';
import { writeFileDurableSteps } from './atomic-write.ts';
import { type Steps, io, runAsync, runSync } from './fs-steps.ts';

// Each function that touches the disk is written once, as steps (fs-steps.ts), and exported twice:
// without blocking for the main process (`acquireLock`), blocking for exit hooks, the worker thread and
// one-shot commands (`acquireLockSync`).

export interface LockHolder {
  pid: number;
  host: string;
  /** Linux boot id: a lock from before a reboot is stale whatever its pid. */
  boot: string;
  /** Start time of the holding process (Linux, clock ticks since boot): guards against pid reuse. */
  started: string;
  since: string;
  purpose: string;
  token: string;
}

function* readText(path: string): Steps<string> {
  try {
    return (yield* io.readText(path)).trim();
  } catch {
    return '';
  }
}

let bootIdCache: string | undefined;
function* bootId(): Steps<string> {
  bootIdCache ??= yield* readText('/proc/sys/kernel/random/boot_id');
  return bootIdCache;
}

/** Field 22 of /proc/<pid>/stat (start time), or '' where there is no /proc. */
function* processStart(pid: number): Steps<string> {
  const stat = yield* readText(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '';
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a process with this pid is running on this machine (for temp files, which carry only a pid). */
export function localPidAlive(pid: number): boolean {
  return pid === process.pid || pidAlive(pid);
}

/**
 * A lock is also a lease: its holder touches the file every LEASE_REFRESH_MS while it holds it. Another
 * machine's process cannot be checked by pid, so its lock counts as live only while it is fresh: a batch
 * member killed on one compute node (SIGKILL, out of memory, a node failure) must not block its rerun on
 * another node forever. Five refresh periods leave room for clock skew and a busy event loop.
 */
export const LEASE_REFRESH_MS = 30_000;
export const LEASE_STALE_MS = 5 * 60_000;

/**
 * Whether the holder may still be running: on this machine by its pid and start time; on another
 * machine while the lock's lease (`mtimeMs`, the file's modification time) is fresh.
 */
function* holderAliveSteps(h: LockHolder, mtimeMs?: number): Steps<boolean> {
  if (h.host !== hostname()) return mtimeMs === undefined || Date.now() - mtimeMs < LEASE_STALE_MS;
  const boot = yield* bootId();
  if (h.boot !== '' && boot !== '' && h.boot !== boot) return false;
  if (!pidAlive(h.pid)) return false;
  const started = yield* processStart(h.pid);
  return h.started === '' || started === '' || h.started === started;
}
export const holderAlive = (h: LockHolder, mtimeMs?: number): Promise<boolean> => runAsync(holderAliveSteps(h, mtimeMs));
export const holderAliveSync = (h: LockHolder, mtimeMs?: number): boolean => runSync(holderAliveSteps(h, mtimeMs));

/** The lock's holder; `null` if there is no lock; 'unreadable' for a lock file that is not a holder record. */
function* readLockHolderSteps(path: string): Steps<LockHolder | null | 'unreadable'> {
  let text: string;
  try {
    text = yield* io.readText(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'unreadable';
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h === 'object' && h !== null && Number.isInteger(h.pid) && typeof h.token === 'string' ? h : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export const readLockHolder = (path: string): Promise<LockHolder | null | 'unreadable'> => runAsync(readLockHolderSteps(path));
export const readLockHolderSync = (path: string): LockHolder | null | 'unreadable' => runSync(readLockHolderSteps(path));

function* liveLockHolderSteps(path: string): Steps<LockHolder | null> {
  const h = yield* readLockHolderSteps(path);
  return h !== null && h !== 'unreadable' && (yield* holderAliveSteps(h, yield* mtimeOf(path))) ? h : null;
}

/** The live holder of a lock, if any. An unreadable lock counts as stale: locks are linked into place complete. */
export const liveLockHolder = (path: string): Promise<LockHolder | null> => runAsync(liveLockHolderSteps(path));
export const liveLockHolderSync = (path: string): LockHolder | null => runSync(liveLockHolderSteps(path));

function* mtimeOf(path: string): Steps<number | undefined> {
  try {
    return (yield* io.stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

let leaseTimer: NodeJS.Timeout | undefined;

/** Touches every lock this process holds, so other machines see the leases as live. */
function* refreshLeases(): Steps<void> {
  const now = new Date();
  for (const [path, token] of [...held]) {
    const h = yield* readLockHolderSteps(path);
    if (h === null || h === 'unreadable' || h.token !== token) continue;
    try {
      yield* io.utimes(path, now);
    } catch {
      // a full or read-only disk: the lease ages; a local process is still judged by its pid
    }
  }
}

export function describeHolder(h: LockHolder): string {
  return `process ${h.pid} on host ${h.host}${h.pid === process.pid && h.host === hostname() ? ' (this process)' : ''}, ${h.purpose} since ${h.since}`;
}

const held = new Map<string, string>(); // path → token, released on exit
let exitHookInstalled = false;

function* releasePath(path: string, token: string): Steps<void> {
  held.delete(path);
  const h = yield* readLockHolderSteps(path);
  if (h !== null && h !== 'unreadable' && h.token === token) {
    try {
      yield* io.unlink(path);
    } catch {
      // already gone
    }
  }
}

export interface FileLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock if it is still this holder's (blocking: a small file, also run by the exit hook). */
  release(): void;
  /** The same without blocking. */
  releaseAsync(): Promise<void>;
}

function* acquireLockSteps(path: string, purpose: string, what: string): Steps<FileLock> {
  const rand = () => Math.random().toString(36).slice(2, 10);
  const me: LockHolder = { pid: process.pid, host: hostname(), boot: yield* bootId(), started: yield* processStart(process.pid), since: new Date().toISOString(), purpose, token: `${process.pid}-${Date.now()}-${rand()}` };
  const tmp = tempNameFor(path, process.pid, rand());
  yield* writeFileDurableSteps(tmp, JSON.stringify(me));
  try {
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        yield* io.link(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new LabError('io', `${path}: cannot create the lock (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        const h = yield* readLockHolderSteps(path);
        if (h === null) continue; // released in between: try again
        if (h !== 'unreadable' && (yield* holderAliveSteps(h, yield* mtimeOf(path)))) throw new LabError('bad-input', `${what} is in use by ${describeHolder(h)} (lock ${path})`);
        yield* takeOverStale(path, h === 'unreadable' ? null : h.token, rand());
        continue;
      }
      const check = yield* readLockHolderSteps(path);
      if (check === null || check === 'unreadable' || check.token !== me.token) continue; // replaced under us: try again
      held.set(path, me.token);
      leaseTimer ??= setInterval(() => void runAsync(refreshLeases()), LEASE_REFRESH_MS).unref();
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', () => {
          for (const [p, token] of [...held]) runSync(releasePath(p, token));
        });
      }
      return { path, holder: me, release: () => runSync(releasePath(path, me.token)), releaseAsync: () => runAsync(releasePath(path, me.token)) };
    }
    throw new LabError('io', `${path}: could not take the lock (other processes kept taking it)`);
  } finally {
    yield* io.rmForce(tmp);
  }
}

/**
 * Takes the lock at `path` or throws a one-line LabError naming `what` and the live holder.
 * @example const lock = await acquireLock(join(runDir, 'run.lock'), 'training', 'run "run-1"'); try { … } finally { lock.release(); }
 */
export const acquireLock = (path: string, purpose: string, what: string): Promise<FileLock> => runAsync(acquireLockSteps(path, purpose, what));
export const acquireLockSync = (path: string, purpose: string, what: string): FileLock => runSync(acquireLockSteps(path, purpose, what));

/** Removes a stale lock, but only the one judged stale: a lock taken over by someone else meanwhile is put back. */
function* takeOverStale(path: string, staleToken: string | null, rand: string): Steps<void> {
  const aside = `${path}.stale-${process.pid}-${rand}`;
  try {
    yield* io.rename(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = yield* readLockHolderSteps(aside);
  const same = staleToken === null ? moved === 'unreadable' : moved !== null && moved !== 'unreadable' && moved.token === staleToken;
  if (!same) {
    try {
      yield* io.link(aside, path); // a fresh lock: give it back
    } catch {
      // a third process holds the name now; the fresh holder's check after linking catches this
    }
  }
  yield* io.rmForce(aside);
}

/** Age of a file in ms (for cleanup of temp files whose writer cannot be checked). */
export async function ageMs(path: string): Promise<number> {
  const mtime = await runAsync(mtimeOf(path));
  return mtime === undefined ? 0 : Date.now() - mtime;
}
