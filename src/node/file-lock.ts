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
import { linkSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { LabError } from '../shared/result.ts';
import { tempNameFor } from '../shared/workspace-files.ts';
import { writeFileDurable } from './atomic-write.ts';

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

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

let bootIdCache: string | undefined;
function bootId(): string {
  bootIdCache ??= readText('/proc/sys/kernel/random/boot_id');
  return bootIdCache;
}

/** Field 22 of /proc/<pid>/stat (start time), or '' where there is no /proc. */
function processStart(pid: number): string {
  const stat = readText(`/proc/${pid}/stat`);
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
export function holderAlive(h: LockHolder, mtimeMs?: number): boolean {
  if (h.host !== hostname()) return mtimeMs === undefined || Date.now() - mtimeMs < LEASE_STALE_MS;
  if (h.boot !== '' && bootId() !== '' && h.boot !== bootId()) return false;
  if (!pidAlive(h.pid)) return false;
  const started = processStart(h.pid);
  return h.started === '' || started === '' || h.started === started;
}

/** The lock's holder; `null` if there is no lock; 'unreadable' for a lock file that is not a holder record. */
export function readLockHolder(path: string): LockHolder | null | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
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

/** The live holder of a lock, if any. An unreadable lock counts as stale: locks are linked into place complete. */
export function liveLockHolder(path: string): LockHolder | null {
  const h = readLockHolder(path);
  return h !== null && h !== 'unreadable' && holderAlive(h, mtimeOf(path)) ? h : null;
}

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

let leaseTimer: NodeJS.Timeout | undefined;

/** Touches every lock this process holds, so other machines see the leases as live. */
function refreshLeases(): void {
  const now = new Date();
  for (const [path, token] of held) {
    const h = readLockHolder(path);
    if (h === null || h === 'unreadable' || h.token !== token) continue;
    try {
      utimesSync(path, now, now);
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

function releasePath(path: string, token: string): void {
  held.delete(path);
  const h = readLockHolder(path);
  if (h !== null && h !== 'unreadable' && h.token === token) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

export interface FileLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): void;
}

/**
 * Takes the lock at `path` or throws a one-line LabError naming `what` and the live holder.
 * @example const lock = acquireLock(join(runDir, 'run.lock'), 'training', 'run "run-1"'); try { … } finally { lock.release(); }
 */
export function acquireLock(path: string, purpose: string, what: string): FileLock {
  const rand = () => Math.random().toString(36).slice(2, 10);
  const me: LockHolder = { pid: process.pid, host: hostname(), boot: bootId(), started: processStart(process.pid), since: new Date().toISOString(), purpose, token: `${process.pid}-${Date.now()}-${rand()}` };
  const tmp = tempNameFor(path, process.pid, rand());
  writeFileDurable(tmp, JSON.stringify(me));
  try {
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        linkSync(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new LabError('io', `${path}: cannot create the lock (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        const h = readLockHolder(path);
        if (h === null) continue; // released in between: try again
        if (h !== 'unreadable' && holderAlive(h, mtimeOf(path))) throw new LabError('bad-input', `${what} is in use by ${describeHolder(h)} (lock ${path})`);
        takeOverStale(path, h === 'unreadable' ? null : h.token, rand());
        continue;
      }
      const check = readLockHolder(path);
      if (check === null || check === 'unreadable' || check.token !== me.token) continue; // replaced under us: try again
      held.set(path, me.token);
      leaseTimer ??= setInterval(refreshLeases, LEASE_REFRESH_MS).unref();
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', () => {
          for (const [p, token] of [...held]) releasePath(p, token);
        });
      }
      return { path, holder: me, release: () => releasePath(path, me.token) };
    }
    throw new LabError('io', `${path}: could not take the lock (other processes kept taking it)`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Removes a stale lock, but only the one judged stale: a lock taken over by someone else meanwhile is put back. */
function takeOverStale(path: string, staleToken: string | null, rand: string): void {
  const aside = `${path}.stale-${process.pid}-${rand}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readLockHolder(aside);
  const same = staleToken === null ? moved === 'unreadable' : moved !== null && moved !== 'unreadable' && moved.token === staleToken;
  if (!same) {
    try {
      linkSync(aside, path); // a fresh lock: give it back
    } catch {
      // a third process holds the name now; the fresh holder's check after linking catches this
    }
  }
  rmSync(aside, { force: true });
}

/** Age of a file in ms (for cleanup of temp files whose writer cannot be checked). */
export function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
