/**
 * Per-epoch checkpoints: the model folder plus the optimizer's state, so a run resumes exactly where
 * it stopped. `latest.json` is replaced atomically after a checkpoint is complete, so a crash mid-save
 * leaves the previous good one in charge; older checkpoints are then removed.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../engine/tf.ts';
import type { LayersModel } from '../engine/tf.ts';
import { loadLayersModelFromDisk, saveLayersModelToDisk } from '../engine/model-io.ts';

export interface CheckpointPointer {
  epoch: number;
  dir: string;
  savedAt: string;
}

const LATEST = 'latest.json';

export function checkpointsDir(runDir: string): string {
  return join(runDir, 'checkpoints');
}

export function readLatestCheckpoint(runDir: string): CheckpointPointer | null {
  const p = join(checkpointsDir(runDir), LATEST);
  if (!existsSync(p)) return null;
  const ptr = JSON.parse(readFileSync(p, 'utf8')) as CheckpointPointer;
  return existsSync(join(checkpointsDir(runDir), ptr.dir, 'model.json')) ? ptr : null;
}

export async function saveCheckpoint(runDir: string, epoch: number, model: LayersModel, optimizer: tf.Optimizer): Promise<void> {
  const root = checkpointsDir(runDir);
  mkdirSync(root, { recursive: true });
  const name = `epoch-${String(epoch).padStart(3, '0')}`;
  const dir = join(root, name);
  await saveLayersModelToDisk(model, dir);
  const weights = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(weights);
  // getWeights() makes a fresh scalar for the iteration count; the rest are the optimizer's own variables.
  tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  writeFileSync(join(dir, 'optimizer.bin'), Buffer.from(data as ArrayBuffer));
  writeFileSync(join(dir, 'optimizer.json'), JSON.stringify({ specs, order: weights.map((w) => w.name) }));
  const tmp = join(root, `${LATEST}.tmp`);
  writeFileSync(tmp, JSON.stringify({ epoch, dir: name, savedAt: new Date().toISOString() } satisfies CheckpointPointer));
  renameSync(tmp, join(root, LATEST));
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('epoch-') && entry !== name) rmSync(join(root, entry), { recursive: true, force: true });
  }
}

export async function loadCheckpoint(runDir: string, ptr: CheckpointPointer, optimizer: tf.Optimizer): Promise<LayersModel> {
  const dir = join(checkpointsDir(runDir), ptr.dir);
  const model = await loadLayersModelFromDisk(dir);
  const optPath = join(dir, 'optimizer.json');
  if (existsSync(optPath)) {
    const { specs } = JSON.parse(readFileSync(optPath, 'utf8')) as { specs: tf.io.WeightsManifestEntry[] };
    const bin = readFileSync(join(dir, 'optimizer.bin'));
    const named = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length), specs);
    // Order matters, not names: Adam matches accumulators to variables by position.
    await optimizer.setWeights(specs.map((s) => ({ name: s.name, tensor: named[s.name] })));
    // The optimizer's variables share these tensors' data (ref-counted); drop our handles.
    tf.dispose(Object.values(named));
  }
  return model;
}
