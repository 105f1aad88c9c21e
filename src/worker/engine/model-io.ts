/**
 * Loading and saving TF.js LayersModels as folders (model.json + weight shards, what
 * tensorflowjs_converter writes) without tfjs-node's file:// handler, which we cannot rely on.
 * Every problem becomes a one-line LabError naming the file; saves are atomic (temp folder + rename).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LabError } from '../../shared/result.ts';
import { tf, tfl } from './tf.ts';
import type { LayersModel } from './tf.ts';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }> }>;
  format?: string;
}

function readModelJson(path: string): ModelJson {
  if (!existsSync(path)) throw new LabError('bad-input', `${path}: file not found`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
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
  return json;
}

/** Loads a LayersModel from a model.json path or the folder holding it. */
export async function loadLayersModelFromDisk(pathOrDir: string): Promise<LayersModel> {
  const path = existsSync(pathOrDir) && statSync(pathOrDir).isDirectory() ? join(pathOrDir, 'model.json') : pathOrDir;
  const json = readModelJson(path);
  const dir = dirname(path);
  const weightSpecs = json.weightsManifest!.flatMap((g) => g.weights);
  const chunks: Uint8Array[] = [];
  for (const group of json.weightsManifest!) {
    for (const p of group.paths) {
      const file = join(dir, p);
      if (!existsSync(file)) throw new LabError('bad-input', `${file}: weight file named in ${basename(path)} not found`);
      chunks.push(readFileSync(file));
    }
  }
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const expected = weightSpecs.reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1) * (DTYPE_BYTES[w.quantization?.dtype ?? w.dtype] ?? 4), 0);
  if (total !== expected) {
    throw new LabError('bad-input', `${dir}: corrupt weights: ${total} bytes of weight data, the manifest needs ${expected}`);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    weightData.set(c, offset);
    offset += c.length;
  }
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
