/**
 * Reading the workspace's own files without ever passing on a raw JSON error or a stack (issue 7: "a
 * corrupt manifest, checkpoint, optimizer state or items file gives one line naming the file"), and the
 * integrity checks behind `list` showing a damaged dataset or run as broken instead of hiding it. Only
 * JSON parsing and file sizes: no TF.js in the main process.
 */
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DatasetManifest, DEFAULT_BLACKBOX_DATASET } from '../../shared/dataset.ts';
import { type RunManifest, type RunStatus, DEFAULT_TRAIN_CONFIG } from '../../shared/run.ts';
import { LabError } from '../../shared/result.ts';
import { confinedPathAsync } from '../../node/confine.ts';

const RUN_STATUSES: readonly RunStatus[] = ['created', 'running', 'completed', 'cancelled', 'failed', 'interrupted', 'broken'];
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

/** Whether a path exists (as existsSync: any error counts as no). */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a JSON file; a missing, unreadable or corrupt one is a one-line 'io' error naming it. */
export async function readJsonFile(path: string, what: string, check: (v: unknown) => string | null = () => null): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new LabError('io', `${path}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LabError('io', `${path}: the ${what} is corrupt (${text.length === 0 ? 'empty' : 'truncated or not valid JSON'})`);
  }
  const problem = check(value);
  if (problem !== null) throw new LabError('io', `${path}: the ${what} is corrupt (${problem})`);
  return value;
}

export function checkRunManifest(v: unknown): string | null {
  if (!isObject(v)) return 'not an object';
  if (typeof v.id !== 'string' || typeof v.datasetId !== 'string' || typeof v.createdAt !== 'string') return 'id, datasetId or createdAt missing';
  if (!RUN_STATUSES.includes(v.status as RunStatus)) return `unknown status ${JSON.stringify(v.status)}`;
  if (!isObject(v.config) || typeof v.config.epochs !== 'number') return 'config missing';
  return null;
}

export function checkDatasetManifest(v: unknown): string | null {
  if (!isObject(v)) return 'not an object';
  if (typeof v.id !== 'string' || typeof v.createdAt !== 'string' || typeof v.name !== 'string') return 'id, name or createdAt missing';
  if (!Number.isInteger(v.size) || !Number.isInteger(v.count)) return 'size or count missing';
  if (!isObject(v.files) || typeof v.files.items !== 'string' || typeof v.files.images !== 'string') return 'files missing';
  return null;
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

function specBytes(specs: WeightSpec[]): number {
  return specs.reduce((a, w) => a + (Array.isArray(w.shape) ? w.shape.reduce((x, y) => x * y, 1) : NaN) * (DTYPE_BYTES[w.quantization?.dtype ?? w.dtype] ?? 4), 0);
}

/** The last good checkpoint's epoch from checkpoints/latest.json, or null when there is none or it is unreadable. */
export async function latestCheckpointEpoch(runDir: string): Promise<number | null> {
  try {
    const v = JSON.parse(await readFile(join(runDir, 'checkpoints', 'latest.json'), 'utf8')) as { epoch?: unknown };
    return Number.isInteger(v.epoch) ? (v.epoch as number) : null;
  } catch {
    return null;
  }
}

/**
 * Checks the run's last checkpoint (latest.json, model.json, weights, optimizer state); throws a one-line
 * 'io' error naming the first damaged file. A run without checkpoints passes (it starts from scratch).
 */
export async function checkCheckpointFiles(runDir: string): Promise<void> {
  const root = join(runDir, 'checkpoints');
  const latestPath = join(root, 'latest.json');
  if (!(await exists(latestPath))) return;
  const ptr = (await readJsonFile(latestPath, 'checkpoint pointer', (v) => (isObject(v) && typeof v.dir === 'string' && /^epoch-\d+$/.test(v.dir) && Number.isInteger(v.epoch) ? null : 'no epoch and folder'))) as { dir: string };
  const dir = join(root, ptr.dir);
  const model = (await readJsonFile(join(dir, 'model.json'), 'checkpoint model.json', (v) =>
    isObject(v) && isObject(v.modelTopology) && Array.isArray(v.weightsManifest) ? null : 'no modelTopology or weightsManifest',
  )) as { weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }> };
  let total = 0;
  for (const group of model.weightsManifest) {
    for (const p of group.paths ?? []) {
      if (typeof p !== 'string' || p.includes('/') || p.includes('\\') || p.startsWith('.')) throw new LabError('io', `${join(dir, 'model.json')}: the checkpoint model.json is corrupt (weight path ${JSON.stringify(p)})`);
      const size = await fileSize(join(dir, p));
      if (size === null) throw new LabError('io', `${join(dir, p)}: checkpoint weights missing`);
      total += size;
    }
  }
  const expected = specBytes(model.weightsManifest.flatMap((g) => g.weights ?? []));
  const weightsName = model.weightsManifest[0]?.paths?.[0] ?? 'weights.bin';
  if (total !== expected) throw new LabError('io', `${join(dir, weightsName)}: checkpoint weights are corrupt (${total} bytes, model.json needs ${expected})`);
  const optJson = join(dir, 'optimizer.json');
  if (!(await exists(optJson))) return;
  const opt = (await readJsonFile(optJson, 'optimizer state', (v) => (isObject(v) && Array.isArray(v.specs) ? null : 'no specs'))) as { specs: WeightSpec[] };
  const optBin = join(dir, 'optimizer.bin');
  const optSize = await fileSize(optBin);
  const optExpected = specBytes(opt.specs);
  if (optSize !== optExpected) throw new LabError('io', `${optBin}: the optimizer state is corrupt (${optSize ?? 'no'} bytes, optimizer.json needs ${optExpected})`);
}

/** A line of metrics.jsonl that does not parse (a crash or a full disk mid-append), as a one-line problem. */
export async function metricsProblem(runDir: string): Promise<string | null> {
  const path = join(runDir, 'metrics.jsonl');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null; // no events yet
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    try {
      JSON.parse(lines[i]);
    } catch {
      return `${path}: line ${i + 1} of ${lines.length} is cut or corrupt`;
    }
  }
  return null;
}

/** Checks items.json and images.bin against the manifest; throws a one-line 'io' error naming the damaged file. */
export async function checkDatasetFiles(dir: string, m: DatasetManifest): Promise<void> {
  // The names come from the manifest: confined to the dataset's folder first (src/node/confine.ts), so a damaged or
  // hostile manifest can neither make us read outside nor tell the size of a file out there.
  const itemsPath = await confinedPathAsync(dir, m.files?.items);
  await readJsonFile(itemsPath, 'items file', (v) => (!Array.isArray(v) ? 'not a list' : v.length !== m.count ? `${v.length} items, the manifest says ${m.count}` : null));
  const imagesPath = await confinedPathAsync(dir, m.files?.images);
  const size = await fileSize(imagesPath);
  const expected = m.count * m.size * m.size * 3;
  if (size !== expected) throw new LabError('io', `${imagesPath}: the images file is corrupt (${size ?? 'no'} bytes, expected ${expected})`);
}

/** What `list` shows for a run folder whose manifest cannot be read. */
export function brokenRun(id: string, problem: string, when: string): RunManifest {
  return {
    id,
    kind: 'train',
    name: `${id} (broken)`,
    status: 'broken',
    config: { ...DEFAULT_TRAIN_CONFIG, datasetId: '' },
    datasetId: '',
    createdAt: when,
    updatedAt: when,
    backend: null,
    versions: {},
    checkpointEpoch: 0,
    testAccuracy: null,
    broken: problem,
  };
}

/** What `list` shows for a dataset folder whose manifest cannot be read. */
export function brokenDataset(id: string, problem: string, when: string): DatasetManifest {
  return {
    id,
    kind: 'blackbox',
    name: `${id} (broken)`,
    createdAt: when,
    config: DEFAULT_BLACKBOX_DATASET,
    sourceDescription: problem,
    size: 0,
    count: 0,
    counts: { withBox: 0, withoutBox: 0, skipped: 0 },
    skipped: [],
    files: { images: 'images.bin', items: 'items.json' },
    seed: 0,
    broken: problem,
  };
}

/** The message of a LabError or anything thrown, first line only. */
export function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
