/**
 * The workspace on disk (DESIGN.md "Workspace on disk"): datasets/<id>/ and runs/<id>/ with JSON
 * manifests written atomically. The user's data is never lost and a run's state is never a lie
 * (issue 7): a run is written only by the holder of its lock; a run left `running` by a dead process is
 * shown as `interrupted` with its last checkpoint; a damaged entry is listed as broken with one line
 * naming the file; temp files of dead writers are removed when the workspace is opened.
 */
import { constants } from 'node:fs';
import { type FileHandle, access, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DatasetManifest } from '../../shared/dataset.ts';
import type { RunEvent, RunManifest } from '../../shared/run.ts';
import { LabError } from '../../shared/result.ts';
import { fsyncDir, fsyncFile, writeError, writeFileAtomic } from '../../node/atomic-write.ts';
import { type FileLock, acquireLock, describeHolder, liveLockHolder, readLockHolder } from '../../node/file-lock.ts';
import { cleanTransientFiles } from './workspace-cleanup.ts';
import {
  brokenDataset,
  brokenRun,
  checkCheckpointFiles,
  checkDatasetFiles,
  checkDatasetManifest,
  checkRunManifest,
  exists,
  latestCheckpointEpoch,
  metricsProblem,
  oneLine,
  readJsonFile,
} from './workspace-check.ts';

/** The OS app-data folder, the default workspace. */
export function defaultWorkspaceRoot(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Saliency Bias Lab');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Saliency Bias Lab');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'saliency-bias-lab');
}

export function newId(prefix: string): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${prefix}-${t}-${Math.random().toString(36).slice(2, 6)}`;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}$/;
export const RUN_LOCK = 'run.lock';

export class Workspace {
  readonly root: string;
  private recovery: Promise<void> | null = null;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /**
   * Creates the folders; a read-only or unusable location gives a one-line 'io' error. The first open
   * of this Workspace also removes temp files of dead writers and marks runs of dead processes interrupted.
   */
  async open(): Promise<void> {
    try {
      await mkdir(this.datasetsDir, { recursive: true });
      await mkdir(this.runsDir, { recursive: true });
      await access(this.root, constants.W_OK);
    } catch (e) {
      throw new LabError('io', `${this.root}: workspace is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (this.recovery === null) {
      this.recovery = (async () => {
        await cleanTransientFiles(this.root);
        await this.listRuns(); // marks runs whose process died as interrupted
      })();
      await this.recovery; // a failure is reported to this first open only, as before
    } else {
      await this.recovery.catch(() => {});
    }
  }

  get datasetsDir(): string {
    return join(this.root, 'datasets');
  }
  get runsDir(): string {
    return join(this.root, 'runs');
  }
  get batchesDir(): string {
    return join(this.root, 'batches');
  }
  get cacheDir(): string {
    return join(this.root, 'cache');
  }

  private checkId(id: string, what: string): void {
    if (!ID_PATTERN.test(id)) throw new LabError('bad-input', `"${id}" is not a valid ${what} id`);
  }

  datasetDir(id: string): string {
    this.checkId(id, 'dataset');
    return join(this.datasetsDir, id);
  }
  runDir(id: string): string {
    this.checkId(id, 'run');
    return join(this.runsDir, id);
  }

  batchDir(id: string): string {
    this.checkId(id, 'batch');
    return join(this.batchesDir, id);
  }

  /** A fresh staging folder next to the final one, renamed into place by `publish`. */
  async staging(finalDir: string): Promise<string> {
    const dir = `${finalDir}.staging-${process.pid}`;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Flushes every file of the staging folder and the folder, renames it into place, flushes the parent. */
  async publish(stagingDir: string, finalDir: string): Promise<void> {
    if (await exists(finalDir)) throw new LabError('io', `${finalDir}: already exists; refusing to replace it`);
    for (const name of await readdir(stagingDir)) {
      const p = join(stagingDir, name);
      try {
        await fsyncFile(p);
      } catch (e) {
        throw await writeError(p, e);
      }
    }
    await fsyncDir(stagingDir);
    try {
      await rename(stagingDir, finalDir);
    } catch (e) {
      throw await writeError(finalDir, e);
    }
    await fsyncDir(this.datasetsDir);
  }

  async readDataset(id: string): Promise<DatasetManifest> {
    const p = join(this.datasetDir(id), 'manifest.json');
    if (!(await exists(p))) throw new LabError('not-found', `dataset "${id}" not found in ${this.datasetsDir}`);
    return (await readJsonFile(p, 'dataset manifest', checkDatasetManifest)) as DatasetManifest;
  }

  /** Throws a one-line 'io' error naming the dataset's damaged items or images file. */
  checkDatasetFiles(m: DatasetManifest): Promise<void> {
    return checkDatasetFiles(this.datasetDir(m.id), m);
  }

  writeDatasetManifest(dir: string, m: DatasetManifest): Promise<void> {
    return writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  }

  /** Every dataset, newest first; a damaged one is listed with `broken` naming the file. */
  async listDatasets(): Promise<DatasetManifest[]> {
    const all = await Promise.all(
      (await this.entries(this.datasetsDir)).map(async ({ id, dir, when }) => {
        try {
          const m = await this.readDataset(id);
          try {
            await checkDatasetFiles(dir, m);
            return m;
          } catch (e) {
            return { ...m, broken: oneLine(e) };
          }
        } catch (e) {
          return brokenDataset(id, (await exists(join(dir, 'manifest.json'))) ? oneLine(e) : `${join(dir, 'manifest.json')}: missing`, when);
        }
      }),
    );
    return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async readRun(id: string): Promise<RunManifest> {
    const p = join(this.runDir(id), 'manifest.json');
    if (!(await exists(p))) throw new LabError('not-found', `run "${id}" not found in ${this.runsDir}`);
    return (await readJsonFile(p, 'run manifest', checkRunManifest)) as RunManifest;
  }

  /** Writes a run's manifest; only the holder of the run's lock should (see lockRun). */
  writeRun(m: RunManifest): Promise<void> {
    const { broken: _listingOnly, ...stored } = m;
    return writeFileAtomic(join(this.runDir(m.id), 'manifest.json'), JSON.stringify(stored, null, 2));
  }

  async updateRun(id: string, patch: Partial<RunManifest>): Promise<RunManifest> {
    const next = { ...(await this.readRun(id)), ...patch, updatedAt: new Date().toISOString() };
    await this.writeRun(next);
    return next;
  }

  /**
   * Takes the run's lock for `purpose` (training, maps): refused with one line naming the process that
   * holds it; a lock of a dead process is taken over. Release it when done (it is also released on exit).
   */
  lockRun(id: string, purpose: string): Promise<FileLock> {
    return acquireLock(join(this.runDir(id), RUN_LOCK), purpose, `run "${id}"`);
  }

  /** Throws a one-line 'io' error naming the run's damaged checkpoint file (model.json, weights, optimizer state). */
  checkRunFiles(id: string): Promise<void> {
    return checkCheckpointFiles(this.runDir(id));
  }

  /** Every run, newest first; runs of dead processes are marked interrupted; damaged ones carry `broken`. */
  async listRuns(): Promise<RunManifest[]> {
    const all = await Promise.all(
      (await this.entries(this.runsDir)).map(async ({ id, dir, when }): Promise<RunManifest[]> => {
        let m: RunManifest;
        try {
          m = await this.readRun(id);
        } catch (e) {
          if (await exists(join(dir, 'manifest.json'))) return [brokenRun(id, oneLine(e), when)];
          // A run folder is created, then locked, then given its manifest: a live lock means "being created".
          return (await liveLockHolder(join(dir, RUN_LOCK))) !== null ? [] : [brokenRun(id, `${join(dir, 'manifest.json')}: missing`, when)];
        }
        if (m.status === 'running' || m.status === 'created') m = await this.markIfInterrupted(m);
        try {
          await checkCheckpointFiles(dir);
        } catch (e) {
          return [{ ...m, broken: oneLine(e) }];
        }
        const metrics = await metricsProblem(dir);
        return [metrics === null ? m : { ...m, broken: metrics }];
      }),
    );
    return all.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * A run that says `running` (or `created`) but whose lock no live process holds was left by a process
   * that died: it becomes `interrupted` at its last good checkpoint. Written under the run's lock; when
   * the disk refuses, it is only reported so.
   */
  private async markIfInterrupted(m: RunManifest): Promise<RunManifest> {
    const lockPath = join(this.runDir(m.id), RUN_LOCK);
    if ((await liveLockHolder(lockPath)) !== null) return m;
    const dead = await readLockHolder(lockPath);
    const who = dead !== null && dead !== 'unreadable' ? describeHolder(dead).replace(/ \(this process\)/, '') : 'its process';
    const epoch = (await latestCheckpointEpoch(this.runDir(m.id))) ?? 0;
    const patch: Partial<RunManifest> = {
      status: 'interrupted',
      checkpointEpoch: epoch,
      error: `interrupted: ${who} stopped before the run ended; ${m.stagesDone?.includes('training') ? `stages done: ${m.stagesDone.join(', ')}; resume runs the rest` : `resume from epoch ${epoch}`}`,
    };
    let lock: FileLock;
    try {
      lock = await this.lockRun(m.id, 'marking it interrupted');
    } catch {
      return (await liveLockHolder(lockPath)) !== null ? m : { ...m, ...patch };
    }
    try {
      const now = await this.readRun(m.id);
      if (now.status !== 'running' && now.status !== 'created') return now;
      return await this.updateRun(m.id, patch);
    } catch {
      return { ...m, ...patch }; // a full or read-only disk: reported, written by a later open
    } finally {
      await lock.releaseAsync();
    }
  }

  /**
   * Appends one event to metrics.jsonl (one write of one line). A failed write (full disk) is cut off
   * again, so the file never ends in half a line; a half line left by a power loss is dropped first.
   */
  async appendMetrics(runId: string, event: RunEvent): Promise<void> {
    const path = join(this.runDir(runId), 'metrics.jsonl');
    const line = Buffer.from(JSON.stringify(event) + '\n', 'utf8');
    let fh: FileHandle;
    try {
      fh = await open(path, 'a+');
    } catch (e) {
      throw await writeError(path, e);
    }
    let size = 0;
    try {
      size = (await fh.stat()).size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          const keep = (await readFile(path)).lastIndexOf(0x0a) + 1; // only the lock holder appends, so this is stable
          await fh.truncate(keep);
          size = keep;
        }
      }
      let off = 0;
      while (off < line.length) off += (await fh.write(line, off, line.length - off)).bytesWritten;
      if (event.type === 'epoch') await fh.sync();
    } catch (e) {
      try {
        await fh.truncate(size);
      } catch {
        // the cut-off line is skipped by readers and dropped by the next append
      }
      throw await writeError(path, e);
    } finally {
      await fh.close();
    }
  }

  async readMetrics(runId: string): Promise<RunEvent[]> {
    const p = join(this.runDir(runId), 'metrics.jsonl');
    if (!(await exists(p))) return [];
    return (await readFile(p, 'utf8'))
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as RunEvent];
        } catch {
          return []; // a line cut by a crash is skipped here; `list` reports the file as broken
        }
      });
  }

  /** Removes a dataset or run; a run in use by a live process is refused, naming it. */
  async remove(kind: 'dataset' | 'run', id: string): Promise<void> {
    const dir = kind === 'dataset' ? this.datasetDir(id) : this.runDir(id);
    if (!(await exists(dir))) throw new LabError('not-found', `${kind} "${id}" not found`);
    if (kind === 'run') {
      const holder = await liveLockHolder(join(dir, RUN_LOCK));
      if (holder !== null) throw new LabError('bad-input', `run "${id}" is in use by ${describeHolder(holder)}; stop it first`);
    }
    await rm(dir, { recursive: true, force: true });
  }

  /** The dataset or run folders of `dir` (not staging or other transient folders), with their modification time. */
  private async entries(dir: string): Promise<Array<{ id: string; dir: string; when: string }>> {
    if (!(await exists(dir))) return [];
    const found = await Promise.all(
      (await readdir(dir)).map(async (name) => {
        if (!ID_PATTERN.test(name)) return [];
        const p = join(dir, name);
        try {
          const st = await stat(p);
          return st.isDirectory() ? [{ id: name, dir: p, when: st.mtime.toISOString() }] : [];
        } catch {
          return [];
        }
      }),
    );
    return found.flat();
  }
}
