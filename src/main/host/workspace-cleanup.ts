/**
 * Removes what crashed writers leave behind (issue 7: "temp files left by a crash are cleaned on open"):
 * temp files and folders, staging folders of unpublished datasets, moved-aside checkpoints and stale
 * locks. Each name carries its writer's pid (src/shared/workspace-files.ts); only those of writers that
 * are no longer running here, or older than a day (a writer on another machine sharing the folder), go.
 * Symlinks are never followed.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { transientWriterPid } from '../../shared/workspace-files.ts';
import { localPidAlive } from '../../node/file-lock.ts';

const SAFE_AGE_MS = 24 * 60 * 60 * 1000;

/** Every top folder a writer puts temp or staging files in. */
const WRITER_FOLDERS = ['datasets', 'runs', 'models', 'batches'];

/** Where writers put temp files: the workspace's top folders, each entry's folder and its sub-folders. */
const DEPTH = 3;

async function walk(dir: string, depth: number, removed: string[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = await lstat(p);
    } catch {
      continue;
    }
    const pid = transientWriterPid(name);
    if (pid !== null) {
      if (!localPidAlive(pid) || Date.now() - st.mtimeMs > SAFE_AGE_MS) {
        await rm(p, { recursive: true, force: true });
        removed.push(p);
      }
      continue;
    }
    if (st.isDirectory() && depth > 0) await walk(p, depth - 1, removed);
  }
}

/**
 * Removes leftovers of dead writers under the workspace's datasets/, runs/ and models/ (a killed
 * `model import` leaves `models/<id>.staging-PID`), and batches/; returns what was removed.
 */
export async function cleanTransientFiles(root: string): Promise<string[]> {
  const removed: string[] = [];
  for (const top of WRITER_FOLDERS) await walk(join(root, top), DEPTH, removed);
  return removed;
}
