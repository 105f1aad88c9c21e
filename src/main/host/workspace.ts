/**
 * The workspace on disk (DESIGN.md "Workspace on disk"): datasets/<id>/ and runs/<id>/ with JSON
 * manifests written atomically. The user's data is never lost and a run's state is never a lie
 * (issue 7): a run is written only by the holder of its lock; a run left `running` by a dead process is
 * shown as `interrupted` with its last checkpoint; a damaged entry is listed as broken with one line
 * naming the file; temp files of dead writers are removed when the workspace is opened.
 */
import { accessSync, closeSync, constants, existsSync, fstatSync, ftruncateSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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
  private recovered = false;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /**
   * Creates the folders; a read-only or unusable location gives a one-line 'io' error. The first open
   * of this Workspace also removes temp files of dead writers and marks runs of dead processes interrupted.
   */
  open(): void {
    try {
      mkdirSync(this.datasetsDir, { recursive: true });
      mkdirSync(this.runsDir, { recursive: true });
      accessSync(this.root, constants.W_OK);
    } catch (e) {
      throw new LabError('io', `${this.root}: workspace is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (!this.recovered) {
      this.recovered = true;
      cleanTransientFiles(this.root);
      this.listRuns(); // marks runs whose process died as interrupted
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
  staging(finalDir: string): string {
    const dir = `${finalDir}.staging-${process.pid}`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Flushes every file of the staging folder and the folder, renames it into place, flushes the parent. */
  publish(stagingDir: string, finalDir: string): void {
    if (existsSync(finalDir)) throw new LabError('io', `${finalDir}: already exists; refusing to replace it`);
    for (const name of readdirSync(stagingDir)) {
      const p = join(stagingDir, name);
      try {
        fsyncFile(p);
      } catch (e) {
        throw writeError(p, e);
      }
    }
    fsyncDir(stagingDir);
    try {
      renameSync(stagingDir, finalDir);
    } catch (e) {
      throw writeError(finalDir, e);
    }
    fsyncDir(this.datasetsDir);
  }

  readDataset(id: string): DatasetManifest {
    const p = join(this.datasetDir(id), 'manifest.json');
    if (!existsSync(p)) throw new LabError('not-found', `dataset "${id}" not found in ${this.datasetsDir}`);
    return readJsonFile(p, 'dataset manifest', checkDatasetManifest) as DatasetManifest;
  }

  /** Throws a one-line 'io' error naming the dataset's damaged items or images file. */
  checkDatasetFiles(m: DatasetManifest): void {
    checkDatasetFiles(this.datasetDir(m.id), m);
  }

  writeDatasetManifest(dir: string, m: DatasetManifest): void {
    writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  }

  /** Every dataset, newest first; a damaged one is listed with `broken` naming the file. */
  listDatasets(): DatasetManifest[] {
    return this.entries(this.datasetsDir)
      .map(({ id, dir, when }) => {
        try {
          const m = this.readDataset(id);
          try {
            checkDatasetFiles(dir, m);
            return m;
          } catch (e) {
            return { ...m, broken: oneLine(e) };
          }
        } catch (e) {
          return brokenDataset(id, existsSync(join(dir, 'manifest.json')) ? oneLine(e) : `${join(dir, 'manifest.json')}: missing`, when);
        }
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  readRun(id: string): RunManifest {
    const p = join(this.runDir(id), 'manifest.json');
    if (!existsSync(p)) throw new LabError('not-found', `run "${id}" not found in ${this.runsDir}`);
    return readJsonFile(p, 'run manifest', checkRunManifest) as RunManifest;
  }

  /** Writes a run's manifest; only the holder of the run's lock should (see lockRun). */
  writeRun(m: RunManifest): void {
    const { broken: _listingOnly, ...stored } = m;
    writeFileAtomic(join(this.runDir(m.id), 'manifest.json'), JSON.stringify(stored, null, 2));
  }

  updateRun(id: string, patch: Partial<RunManifest>): RunManifest {
    const next = { ...this.readRun(id), ...patch, updatedAt: new Date().toISOString() };
    this.writeRun(next);
    return next;
  }

  /**
   * Takes the run's lock for `purpose` (training, maps): refused with one line naming the process that
   * holds it; a lock of a dead process is taken over. Release it when done (it is also released on exit).
   */
  lockRun(id: string, purpose: string): FileLock {
    return acquireLock(join(this.runDir(id), RUN_LOCK), purpose, `run "${id}"`);
  }

  /** Throws a one-line 'io' error naming the run's damaged checkpoint file (model.json, weights, optimizer state). */
  checkRunFiles(id: string): void {
    checkCheckpointFiles(this.runDir(id));
  }

  /** Every run, newest first; runs of dead processes are marked interrupted; damaged ones carry `broken`. */
  listRuns(): RunManifest[] {
    return this.entries(this.runsDir)
      .flatMap(({ id, dir, when }) => {
        let m: RunManifest;
        try {
          m = this.readRun(id);
        } catch (e) {
          if (existsSync(join(dir, 'manifest.json'))) return [brokenRun(id, oneLine(e), when)];
          // A run folder is created, then locked, then given its manifest: a live lock means "being created".
          return liveLockHolder(join(dir, RUN_LOCK)) !== null ? [] : [brokenRun(id, `${join(dir, 'manifest.json')}: missing`, when)];
        }
        if (m.status === 'running' || m.status === 'created') m = this.markIfInterrupted(m);
        try {
          checkCheckpointFiles(dir);
        } catch (e) {
          return [{ ...m, broken: oneLine(e) }];
        }
        const metrics = metricsProblem(dir);
        return [metrics === null ? m : { ...m, broken: metrics }];
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * A run that says `running` (or `created`) but whose lock no live process holds was left by a process
   * that died: it becomes `interrupted` at its last good checkpoint. Written under the run's lock; when
   * the disk refuses, it is only reported so.
   */
  private markIfInterrupted(m: RunManifest): RunManifest {
    const lockPath = join(this.runDir(m.id), RUN_LOCK);
    if (liveLockHolder(lockPath) !== null) return m;
    const dead = readLockHolder(lockPath);
    const who = dead !== null && dead !== 'unreadable' ? describeHolder(dead).replace(/ \(this process\)/, '') : 'its process';
    const epoch = latestCheckpointEpoch(this.runDir(m.id)) ?? 0;
    const patch: Partial<RunManifest> = {
      status: 'interrupted',
      checkpointEpoch: epoch,
      error: `interrupted: ${who} stopped before the run ended; ${m.stagesDone?.includes('training') ? `stages done: ${m.stagesDone.join(', ')}; resume runs the rest` : `resume from epoch ${epoch}`}`,
    };
    let lock: FileLock;
    try {
      lock = this.lockRun(m.id, 'marking it interrupted');
    } catch {
      return liveLockHolder(lockPath) !== null ? m : { ...m, ...patch };
    }
    try {
      const now = this.readRun(m.id);
      if (now.status !== 'running' && now.status !== 'created') return now;
      return this.updateRun(m.id, patch);
    } catch {
      return { ...m, ...patch }; // a full or read-only disk: reported, written by a later open
    } finally {
      lock.release();
    }
  }

  /**
   * Appends one event to metrics.jsonl (one write of one line). A failed write (full disk) is cut off
   * again, so the file never ends in half a line; a half line left by a power loss is dropped first.
   */
  appendMetrics(runId: string, event: RunEvent): void {
    const path = join(this.runDir(runId), 'metrics.jsonl');
    const line = Buffer.from(JSON.stringify(event) + '\n', 'utf8');
    let fd: number;
    try {
      fd = openSync(path, 'a+');
    } catch (e) {
      throw writeError(path, e);
    }
    let size = 0;
    try {
      size = fstatSync(fd).size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          const keep = readFileSync(path).lastIndexOf(0x0a) + 1; // only the lock holder appends, so this is stable
          ftruncateSync(fd, keep);
          size = keep;
        }
      }
      let off = 0;
      while (off < line.length) off += writeSync(fd, line, off, line.length - off);
      if (event.type === 'epoch') fsyncSync(fd);
    } catch (e) {
      try {
        ftruncateSync(fd, size);
      } catch {
        // the cut-off line is skipped by readers and dropped by the next append
      }
      throw writeError(path, e);
    } finally {
      closeSync(fd);
    }
  }

  readMetrics(runId: string): RunEvent[] {
    const p = join(this.runDir(runId), 'metrics.jsonl');
    if (!existsSync(p)) return [];
    return readFileSync(p, 'utf8')
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
  remove(kind: 'dataset' | 'run', id: string): void {
    const dir = kind === 'dataset' ? this.datasetDir(id) : this.runDir(id);
    if (!existsSync(dir)) throw new LabError('not-found', `${kind} "${id}" not found`);
    if (kind === 'run') {
      const holder = liveLockHolder(join(dir, RUN_LOCK));
      if (holder !== null) throw new LabError('bad-input', `run "${id}" is in use by ${describeHolder(holder)}; stop it first`);
    }
    rmSync(dir, { recursive: true, force: true });
  }

  /** The dataset or run folders of `dir` (not staging or other transient folders), with their modification time. */
  private entries(dir: string): Array<{ id: string; dir: string; when: string }> {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((name) => {
      if (!ID_PATTERN.test(name)) return [];
      const p = join(dir, name);
      try {
        const st = statSync(p);
        return st.isDirectory() ? [{ id: name, dir: p, when: st.mtime.toISOString() }] : [];
      } catch {
        return [];
      }
    });
  }
}
