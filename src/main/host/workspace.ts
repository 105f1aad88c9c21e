/**
 * The workspace on disk (DESIGN.md "Workspace on disk"): datasets/<id>/ and runs/<id>/ with JSON
 * manifests written atomically. The user's data is never lost: failed builds stay in staging folders
 * that are removed, never over a published dataset or run.
 */
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DatasetManifest } from '../../shared/dataset.ts';
import type { RunManifest, TrainEvent } from '../../shared/run.ts';
import { LabError } from '../../shared/result.ts';
import { writeFileAtomic } from './atomic-write.ts';

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

export class Workspace {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Creates the folders; a read-only or unusable location gives a one-line 'io' error. */
  open(): void {
    try {
      mkdirSync(this.datasetsDir, { recursive: true });
      mkdirSync(this.runsDir, { recursive: true });
      accessSync(this.root, constants.W_OK);
    } catch (e) {
      throw new LabError('io', `${this.root}: workspace is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  get datasetsDir(): string {
    return join(this.root, 'datasets');
  }
  get runsDir(): string {
    return join(this.root, 'runs');
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

  /** A fresh staging folder next to the final one, renamed into place by `publish`. */
  staging(finalDir: string): string {
    const dir = `${finalDir}.staging-${process.pid}`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  publish(stagingDir: string, finalDir: string): void {
    if (existsSync(finalDir)) throw new LabError('io', `${finalDir}: already exists; refusing to replace it`);
    renameSync(stagingDir, finalDir);
  }

  readDataset(id: string): DatasetManifest {
    const p = join(this.datasetDir(id), 'manifest.json');
    if (!existsSync(p)) throw new LabError('not-found', `dataset "${id}" not found in ${this.datasetsDir}`);
    return JSON.parse(readFileSync(p, 'utf8')) as DatasetManifest;
  }

  writeDatasetManifest(dir: string, m: DatasetManifest): void {
    writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  }

  listDatasets(): DatasetManifest[] {
    return this.listManifests<DatasetManifest>(this.datasetsDir).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  readRun(id: string): RunManifest {
    const p = join(this.runDir(id), 'manifest.json');
    if (!existsSync(p)) throw new LabError('not-found', `run "${id}" not found in ${this.runsDir}`);
    return JSON.parse(readFileSync(p, 'utf8')) as RunManifest;
  }

  writeRun(m: RunManifest): void {
    writeFileAtomic(join(this.runDir(m.id), 'manifest.json'), JSON.stringify(m, null, 2));
  }

  updateRun(id: string, patch: Partial<RunManifest>): RunManifest {
    const next = { ...this.readRun(id), ...patch, updatedAt: new Date().toISOString() };
    this.writeRun(next);
    return next;
  }

  listRuns(): RunManifest[] {
    return this.listManifests<RunManifest>(this.runsDir).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** metrics.jsonl is append-only: one line per batch/epoch event. */
  appendMetrics(runId: string, event: TrainEvent): void {
    appendFileSync(join(this.runDir(runId), 'metrics.jsonl'), JSON.stringify(event) + '\n');
  }

  readMetrics(runId: string): TrainEvent[] {
    const p = join(this.runDir(runId), 'metrics.jsonl');
    if (!existsSync(p)) return [];
    return readFileSync(p, 'utf8')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as TrainEvent];
        } catch {
          return []; // a line cut by a crash mid-append is skipped, the rest stays readable
        }
      });
  }

  remove(kind: 'dataset' | 'run', id: string): void {
    const dir = kind === 'dataset' ? this.datasetDir(id) : this.runDir(id);
    if (!existsSync(dir)) throw new LabError('not-found', `${kind} "${id}" not found`);
    rmSync(dir, { recursive: true, force: true });
  }

  private listManifests<T>(dir: string): T[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((name) => {
      const p = join(dir, name, 'manifest.json');
      if (name.includes('.staging-') || !existsSync(p)) return [];
      try {
        return [JSON.parse(readFileSync(p, 'utf8')) as T];
      } catch {
        return [];
      }
    });
  }
}
