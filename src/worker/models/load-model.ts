/**
 * Any model the lab can explain, from disk, as a ModelAdapter: Keras ResNet v1 .h5 weights (built and
 * loaded here), TF.js LayersModels (the layer walker) and GraphModels. Says what it found and which
 * options the model cannot honour.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LabError } from '../../shared/result.ts';
import { type ModelInspection, type ModelKind, type ModelRef, kerasGraphLine } from '../../shared/models.ts';
import type { SaliencyOptions } from '../../shared/saliency.ts';
import type { ModelAdapter } from '../engine/model-adapter.ts';
import { layersModelAdapter } from '../engine/layers-model-adapter.ts';
import { layersModelRuleGaps } from '../engine/rule-gaps.ts';
import { readRegularFile } from '../../node/confine.ts';
import { loadLayersModelFromDisk } from '../engine/model-io.ts';
import { graphModelAdapter, graphModelNotHonoured, loadGraphModelFromDisk } from '../engine/graph-model.ts';
import { readKerasH5 } from './keras-h5.ts';
import { describeSpec, resnetFromKerasFile } from './resnet-v1.ts';

export interface LoadedModel {
  adapter: ModelAdapter;
  inspection: ModelInspection;
  /** Lines naming the options this model cannot honour (recorded with the maps, printed). */
  notHonoured(options: Pick<SaliencyOptions, 'paddingTrick'>): string[];
}

/** keras-h5 for .h5/.hdf5/.keras files; for a folder or model.json, the `format` the json declares. */
export function detectModelKind(path: string): ModelRef {
  if (!existsSync(path)) throw new LabError('bad-input', `${path}: not found`);
  if (statSync(path).isDirectory()) {
    const json = join(path, 'model.json');
    if (!existsSync(json)) throw new LabError('bad-input', `${path}: a folder without model.json (expected a TF.js model folder)`);
    return detectModelKind(json);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.h5' || ext === '.hdf5') return { kind: 'keras-h5', path };
  if (ext === '.json') {
    let format: unknown;
    try {
      format = (JSON.parse(readRegularFile(path, 'file').toString('utf8')) as { format?: unknown }).format;
    } catch (e) {
      if (e instanceof LabError) throw e;
      throw new LabError('bad-input', `${path}: not a model.json (invalid JSON)`);
    }
    return { kind: format === 'graph-model' ? 'graph' : 'layers', path };
  }
  throw new LabError('bad-input', `${path}: not a model (expected a Keras .h5 file, or a TF.js model folder / model.json)`);
}

/** `size`: the square input side a Keras ResNet is built for (its convs accept any size). */
export async function loadModel(ref: ModelRef, size = 224): Promise<LoadedModel> {
  const kind: ModelKind = ref.kind;
  if (ref.kerasGraph !== undefined && kind !== 'keras-h5') throw new LabError('bad-input', `${ref.path}: a graph choice (${ref.kerasGraph}) applies to Keras ResNet .h5 files only, not to a ${kind === 'graph' ? 'TF.js GraphModel' : 'TF.js LayersModel'}`);
  if (kind === 'keras-h5') {
    const file = await readKerasH5(ref.path);
    const { model, spec, naming, graph, pooledSide } = resnetFromKerasFile(file, size, ref.kerasGraph);
    const inspection: ModelInspection = {
      kind,
      inputShape: [size, size, 3],
      outputCount: spec.classes,
      architecture: describeSpec(spec),
      kerasNaming: naming,
      kerasGraph: graph,
      pooledSide,
      notes: [
        `Keras ${naming === 'tf.keras' ? 'tf.keras applications' : 'Keras 1 (original release)'} layer names; ${file.layers.length} weighted layers loaded in the file's order; batch-norm ε ${spec.epsilon}`,
        kerasGraphLine(graph, pooledSide),
      ],
    };
    return { adapter: layersModelAdapter(model), inspection, notHonoured: () => [] };
  }
  if (kind === 'layers') {
    const model = await loadLayersModelFromDisk(ref.path);
    const adapter = layersModelAdapter(model);
    const inputShape = model.inputs[0].shape.slice(1).map((d) => (d === null || d === -1 ? null : d));
    // Found at load time, so the model view says it before any map is computed; maps record the same lines.
    const gaps = layersModelRuleGaps(model, { paddingTrick: true }).map((l) => `RectGrad / guided backprop: ${l}`);
    return {
      adapter,
      inspection: { kind, inputShape, outputCount: adapter.outputCount, architecture: `TF.js LayersModel (${model.layers.length} layers)`, notes: gaps },
      notHonoured: () => [],
    };
  }
  const loaded = await loadGraphModelFromDisk(ref.path);
  const adapter = graphModelAdapter(loaded);
  const notes = [
    loaded.skipped === null ? `explains the output node as it is (no final Softmax/Sigmoid found)` : `explains "${loaded.scoreNode}", the logits before the final ${loaded.skipped}`,
    'padding trick: not available for graph models',
    ...loaded.ruleGaps.map((l) => `RectGrad / guided backprop: ${l}`),
  ];
  return {
    adapter,
    inspection: { kind, inputShape: adapter.inputShape.map((d) => (d === -1 ? null : d)), outputCount: adapter.outputCount, architecture: `TF.js GraphModel (${loaded.nodeCount} nodes)`, notes },
    notHonoured: graphModelNotHonoured,
  };
}
