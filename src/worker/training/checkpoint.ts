/**
 * Per-epoch checkpoints: the model folder plus the optimizer's state, so a run resumes exactly where
 * it stopped. A checkpoint is built complete in a temp folder unique to this writer (every file
 * flushed), renamed into place, and only then named by `latest.json`, itself replaced atomically: a
 * crash or a full disk mid-save leaves the previous good one in charge (issue 7). Older checkpoints are
 * then removed. A damaged checkpoint gives one line naming the file.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../../shared/result.ts';
import { tempNameFor } from '../../shared/workspace-files.ts';
import { tf } from '../engine/tf.ts';
import type { LayersModel } from '../engine/tf.ts';
import { loadLayersModelFromDisk, saveLayersModelToDisk } from '../engine/model-io.ts';
import { fsyncDirSync, fsyncFileSync, writeErrorSync, writeFileAtomicSync, writeFileDurableSync } from '../../node/atomic-write.ts';

export interface CheckpointPointer {
  epoch: number;
  dir: string;
  savedAt: string;
}

const LATEST = 'latest.json';
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

export function checkpointsDir(runDir: string): string {
  return join(runDir, 'checkpoints');
}

function parseJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LabError('io', `${path}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new LabError('io', `${path}: the ${what} is corrupt (${text.length === 0 ? 'empty' : 'truncated or not valid JSON'})`);
  }
}

/** The last good checkpoint, or null when there is none yet; a damaged pointer is a one-line 'io' error. */
export function readLatestCheckpoint(runDir: string): CheckpointPointer | null {
  const p = join(checkpointsDir(runDir), LATEST);
  if (!existsSync(p)) return null;
  const ptr = parseJson(p, 'checkpoint pointer') as CheckpointPointer;
  if (typeof ptr !== 'object' || ptr === null || typeof ptr.dir !== 'string' || !/^epoch-\d+$/.test(ptr.dir) || !Number.isInteger(ptr.epoch)) {
    throw new LabError('io', `${p}: the checkpoint pointer is corrupt (no epoch and folder)`);
  }
  return existsSync(join(checkpointsDir(runDir), ptr.dir, 'model.json')) ? ptr : null;
}

/**
 * Adam's bias-correction powers β₁ᵗ⁺¹ and β₂ᵗ⁺¹. TF.js keeps them as running float32 products but its
 * setWeights recomputes them as pow(β, t + 1), which differs in the last bit from about step 12 on, so a
 * resumed run drifted from a straight one (issue 15, item 10). They are saved and put back as they were.
 * Null for an optimizer without them.
 */
function adamPowers(optimizer: tf.Optimizer): [tf.Variable, tf.Variable] | null {
  const o = optimizer as unknown as { accBeta1?: unknown; accBeta2?: unknown };
  return o.accBeta1 instanceof tf.Variable && o.accBeta2 instanceof tf.Variable ? [o.accBeta1, o.accBeta2] : null;
}

export async function saveCheckpoint(runDir: string, epoch: number, model: LayersModel, optimizer: tf.Optimizer): Promise<void> {
  const root = checkpointsDir(runDir);
  const name = `epoch-${String(epoch).padStart(3, '0')}`;
  const dir = join(root, name);
  const tmp = tempNameFor(dir, process.pid, Math.random().toString(36).slice(2, 10));
  try {
    mkdirSync(root, { recursive: true });
    await saveLayersModelToDisk(model, tmp);
    for (const f of readdirSync(tmp)) fsyncFileSync(join(tmp, f));
    const weights = await optimizer.getWeights();
    const { data, specs } = await tf.io.encodeWeights(weights);
    // getWeights() makes a fresh scalar for the iteration count; the rest are the optimizer's own variables.
    tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
    writeFileDurableSync(join(tmp, 'optimizer.bin'), Buffer.from(data as ArrayBuffer));
    const accBeta = adamPowers(optimizer)?.map((v) => v.dataSync()[0]);
    writeFileDurableSync(join(tmp, 'optimizer.json'), JSON.stringify({ specs, order: weights.map((w) => w.name), ...(accBeta ? { accBeta } : {}) }));
    fsyncDirSync(tmp);
    // Saving an epoch again (never the usual path): the old folder goes aside until the new one is in place.
    const aside = existsSync(dir) ? `${dir}.old-${process.pid}-${Math.random().toString(36).slice(2, 10)}` : null;
    if (aside !== null) renameSync(dir, aside);
    renameSync(tmp, dir);
    fsyncDirSync(root);
    if (aside !== null) rmSync(aside, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw writeErrorSync(join(dir, 'model.json'), e);
  }
  writeFileAtomicSync(join(root, LATEST), JSON.stringify({ epoch, dir: name, savedAt: new Date().toISOString() } satisfies CheckpointPointer));
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('epoch-') && entry !== name) rmSync(join(root, entry), { recursive: true, force: true });
  }
}

export async function loadCheckpoint(runDir: string, ptr: CheckpointPointer, optimizer: tf.Optimizer): Promise<LayersModel> {
  const dir = join(checkpointsDir(runDir), ptr.dir);
  const model = await loadLayersModelFromDisk(dir);
  const optPath = join(dir, 'optimizer.json');
  if (existsSync(optPath)) {
    const opt = parseJson(optPath, 'optimizer state') as { specs?: tf.io.WeightsManifestEntry[]; accBeta?: unknown };
    if (typeof opt !== 'object' || opt === null || !Array.isArray(opt.specs)) throw new LabError('io', `${optPath}: the optimizer state is corrupt (no specs)`);
    const { specs } = opt as { specs: tf.io.WeightsManifestEntry[] };
    const accBeta = opt.accBeta;
    if (accBeta !== undefined && !(Array.isArray(accBeta) && accBeta.length === 2 && accBeta.every((v) => typeof v === 'number' && v > 0 && v < 1))) {
      throw new LabError('io', `${optPath}: the optimizer state is corrupt (accBeta is not two numbers in (0, 1))`);
    }
    const binPath = join(dir, 'optimizer.bin');
    const bin = existsSync(binPath) ? readFileSync(binPath) : Buffer.alloc(0);
    const expected = specs.reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1) * (DTYPE_BYTES[s.dtype] ?? 4), 0);
    if (bin.length !== expected) throw new LabError('io', `${binPath}: the optimizer state is corrupt (${bin.length} bytes, optimizer.json needs ${expected})`);
    const named = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length), specs);
    // Order matters, not names: Adam matches accumulators to variables by position.
    await optimizer.setWeights(specs.map((s) => ({ name: s.name, tensor: named[s.name] })));
    // Older checkpoints have no accBeta: TF.js's recomputed powers are then within a float32 ulp.
    const powers = adamPowers(optimizer);
    if (powers !== null && Array.isArray(accBeta)) tf.tidy(() => powers.forEach((v, i) => v.assign(tf.scalar(accBeta[i] as number))));
    // The optimizer's variables share these tensors' data (ref-counted); drop our handles.
    tf.dispose(Object.values(named));
  }
  return model;
}
