/**
 * Loading and saving TF.js LayersModels as folders (model.json + weight shards, what
 * tensorflowjs_converter writes) without tfjs-node's file:// handler, which we cannot rely on.
 * Every problem becomes a one-line LabError naming the file; saves are atomic (temp folder + rename).
 * Files are read through src/node/confine.ts: regular files only, opened without blocking, so a FIFO
 * named model.json or as a weight shard is refused, not waited on.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { confinedPath, readRegularFile } from '../../node/confine.ts';
import { firstNonFinite } from '../../shared/finite.ts';
import { LabError } from '../../shared/result.ts';
import { tf, tfl } from './tf.ts';
import type { LayersModel } from './tf.ts';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }> }>;
  format?: string;
}

/**
 * The file a weightsManifest path names, which must stay inside the model's folder (issue 7): a relative
 * name without `..`, and after resolving symlinks still inside the folder. The error names the path as
 * written in model.json, never the outside file it would reach or anything about it.
 */
export function weightFile(dir: string, p: unknown, modelJson: string): string {
  const bad = (why: string) => new LabError('bad-input', `${modelJson}: weight path ${JSON.stringify(String(p).slice(0, 200))} ${why}`);
  if (typeof p !== 'string' || p.length === 0 || p.includes('\0')) throw bad('is not a file name');
  if (isAbsolute(p) || /^[a-zA-Z]:|^[\\/]/.test(p) || p.split(/[\\/]/).includes('..')) throw bad('must be a relative name inside the model folder');
  try {
    return confinedPath(dir, p);
  } catch (e) {
    throw bad(e instanceof LabError && e.kind === 'not-found' ? 'names a weight file that is not found' : 'leads outside the model folder');
  }
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

/**
 * Refuses a model whose float weights hold NaN or ±Inf (issue 16), naming the weight (its name holds the
 * layer's, e.g. `dense_1/kernel`): such a model imports, runs, and gives maps of NaN that look like
 * numbers downstream. float32 weights and float16-quantised ones are checked; integer ones cannot be.
 */
export function refuseNonFiniteWeights(specs: WeightSpec[], data: Uint8Array, file: string): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  for (const w of specs) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const dtype = w.quantization?.dtype ?? w.dtype;
    const bytes = DTYPE_BYTES[dtype] ?? 4;
    let bad: { index: number; value: string } | null = null;
    if (dtype === 'float32') {
      const values = at % 4 === 0 ? new Float32Array(data.buffer, data.byteOffset + at, n) : new Float32Array(data.slice(at, at + n * 4).buffer);
      bad = firstNonFinite(values);
    } else if (dtype === 'float16') {
      for (let i = 0; i < n && bad === null; i++) {
        const h = view.getUint16(at + i * 2, true);
        if ((h & 0x7c00) === 0x7c00) bad = { index: i, value: h & 0x03ff ? 'NaN' : h & 0x8000 ? '-Infinity' : 'Infinity' };
      }
    }
    if (bad !== null) throw new LabError('bad-input', `${file}: weight "${w.name}" holds ${bad.value} (value ${bad.index + 1} of ${n}); non-finite weights are refused`);
    at += n * bytes;
  }
}

/**
 * The weight data a weightsManifest names, for LayersModels and GraphModels alike: every shard read
 * confined to the model's folder (weightFile) and without blocking, the total checked against what the
 * specs need, and refused if a float weight holds NaN or ±Inf.
 */
/** Weights a TF.js model may declare (2 GiB: ResNet50 needs 0.1 GiB). */
const MAX_WEIGHT_BYTES = 2 ** 31;

export function readWeightData(modelJson: string, groups: ReadonlyArray<{ paths?: unknown[] }>, specs: WeightSpec[]): Uint8Array {
  const dir = dirname(modelJson);
  // What the specs need is known before any shard is read: a manifest naming one big shard many times, or
  // declaring more than a model may hold, is refused before memory is spent on it (reviewer's finding).
  const expected = specs.reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1) * (DTYPE_BYTES[w.quantization?.dtype ?? w.dtype] ?? 4), 0);
  if (expected > MAX_WEIGHT_BYTES) throw new LabError('bad-input', `${modelJson}: the manifest declares ${expected} bytes of weights, more than the ${MAX_WEIGHT_BYTES} a model may hold`);
  const paths = groups.flatMap((g) => g.paths ?? []);
  const repeated = paths.find((p, i) => paths.indexOf(p) !== i);
  if (repeated !== undefined) throw new LabError('bad-input', `${modelJson}: weight file ${JSON.stringify(String(repeated).slice(0, 100))} is named twice`);
  let total = 0;
  const chunks = paths.map((p) => {
    const chunk = readRegularFile(weightFile(dir, p, modelJson), `weight file named in ${basename(modelJson)}`);
    total += chunk.length;
    if (total > expected) throw new LabError('bad-input', `${dir}: corrupt weights: more than the ${expected} bytes of weight data the manifest needs`);
    return chunk;
  });
  if (total !== expected) {
    throw new LabError('bad-input', `${dir}: corrupt weights: ${total} bytes of weight data, the manifest needs ${expected}`);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    weightData.set(c, offset);
    offset += c.length;
  }
  refuseNonFiniteWeights(specs, weightData, modelJson);
  return weightData;
}

function readModelJson(path: string): ModelJson {
  const text = readRegularFile(path, 'file').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new LabError('bad-input', `${path}: not a model.json (invalid JSON: ${(e as Error).message})`);
  }
  const json = parsed as ModelJson;
  if (typeof parsed !== 'object' || parsed === null || json.modelTopology === undefined || !Array.isArray(json.weightsManifest)) {
    throw new LabError('bad-input', `${path}: not a TF.js LayersModel model.json (needs modelTopology and weightsManifest)`);
  }
  if (json.format === 'graph-model') {
    throw new LabError('bad-input', `${path}: is a TF.js GraphModel; saliency needs a LayersModel (convert with --output_format=tfjs_layers_model)`);
  }
  const goodGroup = (g: unknown) => {
    const group = g as { paths?: unknown; weights?: unknown };
    return typeof g === 'object' && g !== null && Array.isArray(group.paths) && Array.isArray(group.weights) &&
      (group.weights as Array<{ shape?: unknown }>).every((w) => typeof w === 'object' && w !== null && Array.isArray(w.shape) && w.shape.every((d) => Number.isSafeInteger(d) && d >= 0));
  };
  if (!json.weightsManifest!.every(goodGroup)) {
    throw new LabError('bad-input', `${path}: weightsManifest entries need paths and weights with integer shapes`);
  }
  return json;
}

/** Loads a LayersModel from a model.json path or the folder holding it. */
export async function loadLayersModelFromDisk(pathOrDir: string): Promise<LayersModel> {
  const path = existsSync(pathOrDir) && statSync(pathOrDir).isDirectory() ? join(pathOrDir, 'model.json') : pathOrDir;
  const json = readModelJson(path);
  const weightSpecs = json.weightsManifest!.flatMap((g) => g.weights);
  const weightData = readWeightData(path, json.weightsManifest!, weightSpecs);
  try {
    return await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[], weightData: weightData.buffer }),
    );
  } catch (e) {
    throw new LabError('bad-input', `${path}: cannot build the model (${(e as Error).message.split('\n')[0]})`);
  }
}

/** Saves model.json + one weight shard into `dir`, replacing it atomically. */
export async function saveLayersModelToDisk(model: LayersModel, dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightsFile = 'weights.bin';
      const data = artifacts.weightData;
      const buffers = data === undefined ? [] : Array.isArray(data) ? data : [data];
      writeFileSync(join(tmp, weightsFile), Buffer.concat(buffers.map((b) => Buffer.from(b))));
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(tmp, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const old = `${dir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  if (existsSync(old)) rmSync(old, { recursive: true, force: true });
}
