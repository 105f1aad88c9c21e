/**
 * ResNet v1 as keras.applications builds it (resnet.py: ResNet, block1, stack1), for any depth and
 * width, so a Keras weight file decides the network it loads into: ResNet50 for the real file, a tiny
 * net with the same layer names for the tests. Confirmed against keras/applications/resnet.py: stem
 * zero-pad 3, 7×7/2 'valid' conv with bias, BN (ε 1.001e-5), ReLU, zero-pad 1 (`pool1_pad`, optional for
 * the Keras 1 file: see KERAS_GRAPHS), 3×3/2 max-pool; bottleneck
 * blocks whose stride sits on the first 1×1 conv and on the 1×1 projection shortcut (`_0_conv`, first
 * block of a stack only); 3×3 conv 'same'; add([shortcut, x]) then ReLU; global average pool, dense with
 * softmax (explained before the softmax, METHODS.md pitfall 2).
 */
import { LabError } from '../../shared/result.ts';
import { tf, tfl } from '../engine/tf.ts';
import type { LayersModel } from '../engine/tf.ts';
import { DEFAULT_KERAS_GRAPH, type KerasGraph } from '../../shared/models.ts';
import type { H5Layer, KerasH5File } from './keras-h5.ts';

export interface ResnetStage {
  /** Bottleneck width; the block's output has 4 × filters channels. */
  filters: number;
  blocks: number;
}

export interface ResnetV1Spec {
  stemFilters: number;
  stemKernel: number;
  /** Stages conv2, conv3, …; conv2 has stride 1, every later stage 2 (stack1's stride1). */
  stages: ResnetStage[];
  classes: number;
  /**
   * Batch-norm ε: 1.001e-5 in tf.keras' resnet.py; the Keras 1 era resnet50.py used BatchNormalization's
   * default 1e-3 with the original file, so that file is run with 1e-3.
   */
  epsilon: number;
  /**
   * Zero-pad 1 (`pool1_pad`) before the stem's 3×3/2 max-pool: true in tf.keras and keras-applications
   * ≥ 1.0.6, false in Keras 1 and keras-applications ≤ 1.0.4 (src/shared/models.ts, KERAS_GRAPHS). The
   * original weight file has been run both ways, so for it the user chooses.
   */
  pool1Pad: boolean;
}

export const RESNET50_SPEC: ResnetV1Spec = {
  stemFilters: 64,
  stemKernel: 7,
  stages: [
    { filters: 64, blocks: 3 },
    { filters: 128, blocks: 4 },
    { filters: 256, blocks: 6 },
    { filters: 512, blocks: 3 },
  ],
  classes: 1000,
  epsilon: 1.001e-5,
  pool1Pad: true,
};

/** ResNet50 / 101 / 152 by their block counts, else a description. */
export function describeSpec(spec: ResnetV1Spec): string {
  const blocks = spec.stages.map((s) => s.blocks).join(',');
  const known: Record<string, string> = { '3,4,6,3': 'ResNet50', '3,4,23,3': 'ResNet101', '3,8,36,3': 'ResNet152' };
  const widths = spec.stages.map((s) => s.filters).join(',');
  const name = widths === '64,128,256,512' && spec.stemFilters === 64 ? known[blocks] : undefined;
  return name ?? `ResNet v1 (stem ${spec.stemFilters}, blocks [${blocks}], widths [${widths}], ${spec.classes} classes)`;
}

type ST = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: ST | ST[]) => layer.apply(x) as ST;

export function buildResnetV1(spec: ResnetV1Spec, size = 224): LayersModel {
  const bn = (name: string) => tfl.layers.batchNormalization({ axis: 3, epsilon: spec.epsilon, name });
  const input = tfl.input({ shape: [size, size, 3], name: 'input_1' });
  let x = apply(tfl.layers.zeroPadding2d({ padding: 3, name: 'conv1_pad' }), input);
  x = apply(tfl.layers.conv2d({ filters: spec.stemFilters, kernelSize: spec.stemKernel, strides: 2, name: 'conv1_conv' }), x);
  x = apply(bn('conv1_bn'), x);
  x = apply(tfl.layers.activation({ activation: 'relu', name: 'conv1_relu' }), x);
  if (spec.pool1Pad) x = apply(tfl.layers.zeroPadding2d({ padding: 1, name: 'pool1_pad' }), x);
  x = apply(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }), x);
  spec.stages.forEach((stage, s) => {
    for (let b = 1; b <= stage.blocks; b++) {
      const name = `conv${s + 2}_block${b}`;
      const stride = b === 1 && s > 0 ? 2 : 1;
      let shortcut = x;
      if (b === 1) {
        shortcut = apply(tfl.layers.conv2d({ filters: 4 * stage.filters, kernelSize: 1, strides: stride, name: `${name}_0_conv` }), x);
        shortcut = apply(bn(`${name}_0_bn`), shortcut);
      }
      let y = apply(tfl.layers.conv2d({ filters: stage.filters, kernelSize: 1, strides: stride, name: `${name}_1_conv` }), x);
      y = apply(bn(`${name}_1_bn`), y);
      y = apply(tfl.layers.activation({ activation: 'relu', name: `${name}_1_relu` }), y);
      y = apply(tfl.layers.conv2d({ filters: stage.filters, kernelSize: 3, padding: 'same', name: `${name}_2_conv` }), y);
      y = apply(bn(`${name}_2_bn`), y);
      y = apply(tfl.layers.activation({ activation: 'relu', name: `${name}_2_relu` }), y);
      y = apply(tfl.layers.conv2d({ filters: 4 * stage.filters, kernelSize: 1, name: `${name}_3_conv` }), y);
      y = apply(bn(`${name}_3_bn`), y);
      y = apply(tfl.layers.add({ name: `${name}_add` }), [shortcut, y]);
      x = apply(tfl.layers.activation({ activation: 'relu', name: `${name}_out` }), y);
    }
  });
  x = apply(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  const out = apply(tfl.layers.dense({ units: spec.classes, activation: 'softmax', name: 'predictions' }), x);
  return tfl.model({ inputs: input, outputs: out, name: 'resnet' });
}

/**
 * The two generations of Keras ResNet50 weight files (notes/keras-resnet50-h5.md): the tf.keras
 * applications names (`conv1_conv`, `conv2_block1_1_conv`, …, `predictions`) and the original Keras 1
 * release (`conv1`, `bn_conv1`, `res2a_branch2a`, `bn2a_branch1`, …, `fc1000`).
 */
export type KerasNaming = 'tf.keras' | 'keras1';

const KERAS1 = /^(res|bn)(\d)([a-z])_branch(1|2a|2b|2c)$/;
const TFKERAS = /^conv\d+_block\d+_[0-3]_(conv|bn)$/;

export function detectNaming(names: readonly string[]): KerasNaming | null {
  if (names.some((n) => n === 'conv1_conv' || TFKERAS.test(n))) return 'tf.keras';
  if (names.some((n) => n === 'bn_conv1' || KERAS1.test(n))) return 'keras1';
  return null;
}

/** A file's layer name in the builder's (tf.keras) naming; null when it has no place in ResNet v1. */
export function canonicalName(name: string, naming: KerasNaming): string | null {
  if (naming === 'tf.keras') return name === 'conv1_conv' || name === 'conv1_bn' || name === 'predictions' || TFKERAS.test(name) ? name : null;
  if (name === 'conv1') return 'conv1_conv';
  if (name === 'bn_conv1') return 'conv1_bn';
  if (name === 'fc1000') return 'predictions';
  const m = KERAS1.exec(name);
  if (m === null) return null;
  const branch = { '1': 0, '2a': 1, '2b': 2, '2c': 3 }[m[4]];
  return `conv${m[2]}_block${m[3].charCodeAt(0) - 96}_${branch}_${m[1] === 'res' ? 'conv' : 'bn'}`;
}

const kernelShape = (layer: H5Layer | undefined) => layer?.weights[0]?.shape;

/**
 * The ResNet v1 a Keras weight file describes (block counts from its layer names, widths and classes from
 * its kernel shapes), or a one-line 'bad-input' error when the file is another architecture.
 */
export function specFromKerasFile(file: KerasH5File, graph: KerasGraph = DEFAULT_KERAS_GRAPH): { spec: ResnetV1Spec; naming: KerasNaming; byName: Map<string, H5Layer> } {
  const naming = detectNaming(file.layerNames);
  const first = file.layers.slice(0, 3).map((l) => l.name).join(', ');
  if (naming === null) {
    throw new LabError('bad-input', `${file.path}: not a Keras ResNet weight file: its layers (${first}${file.layers.length > 3 ? ', …' : ''}) follow neither Keras ResNet naming (conv1_conv, conv2_block1_1_conv, … or conv1, res2a_branch2a, …)`);
  }
  const byName = new Map<string, H5Layer>();
  for (const layer of file.layers) {
    const c = canonicalName(layer.name, naming);
    if (c === null) throw new LabError('bad-input', `${file.path}: layer "${layer.name}" has no place in a Keras ResNet v1 (another architecture?)`);
    if (byName.has(c)) throw new LabError('bad-input', `${file.path}: layer "${layer.name}" appears twice`);
    byName.set(c, layer);
  }
  const stem = kernelShape(byName.get('conv1_conv'));
  const top = kernelShape(byName.get('predictions'));
  if (stem === undefined || stem.length !== 4) throw new LabError('bad-input', `${file.path}: no stem convolution (conv1_conv / conv1) with a 4-D kernel: not a ResNet v1 with its top`);
  if (top === undefined || top.length !== 2) throw new LabError('bad-input', `${file.path}: no classifier (predictions / fc1000) with a 2-D kernel: a ResNet without its top cannot be explained per class`);
  const stages: ResnetStage[] = [];
  for (let s = 2; byName.has(`conv${s}_block1_1_conv`); s++) {
    let blocks = 0;
    while (byName.has(`conv${s}_block${blocks + 1}_1_conv`)) blocks++;
    const k = kernelShape(byName.get(`conv${s}_block1_1_conv`))!;
    stages.push({ filters: k[k.length - 1], blocks });
  }
  if (stages.length === 0) throw new LabError('bad-input', `${file.path}: no residual blocks (conv2_block1_1_conv / res2a_branch2a) found`);
  // tf.keras' resnet.py has always padded; only the Keras 1 file was ever run without pool1_pad.
  if (naming === 'tf.keras' && graph !== 'pool1-pad') {
    throw new LabError('bad-input', `${file.path}: a tf.keras applications file (conv1_conv, …) was built with pool1_pad only; the graph without it (${graph}) applies to the original Keras 1 file (conv1, res2a_branch2a, …)`);
  }
  const spec = { stemFilters: stem[3], stemKernel: stem[0], stages, classes: top[1], epsilon: naming === 'keras1' ? 1e-3 : 1.001e-5, pool1Pad: graph === 'pool1-pad' };
  return { spec, naming, byName };
}

/**
 * Assigns a Keras file's weights to `model`, layer by layer in the file's order, as Keras' by-topology
 * load does: layers without weights are skipped, each layer's weights go in order (kernel, bias; gamma,
 * beta, moving mean, moving variance — Keras 1's `running_std` slot held the variance), every shape is
 * checked, and every weighted layer of the model must be given weights. Each file layer is placed by its
 * name (translated for Keras 1 files) rather than by position: the Keras 1 graph added [x, shortcut] where
 * tf.keras adds [shortcut, x], which changes the topological order, and conv2_block1's projection and third
 * conv have the same shape, so a positional load could swap them silently.
 */
export function assignKerasWeights(model: LayersModel, file: KerasH5File, byName: Map<string, H5Layer>, naming: KerasNaming): void {
  const weighted = model.layers.filter((l) => l.weights.length > 0);
  if (weighted.length !== file.layers.length) {
    throw new LabError('bad-input', `${file.path}: the file has ${file.layers.length} layers with weights, the ResNet it describes has ${weighted.length}`);
  }
  const values: Array<{ layer: tfl.layers.Layer; tensors: tf.Tensor[] }> = [];
  try {
    for (const [canonical, h5] of byName) {
      let layer: tfl.layers.Layer;
      try {
        layer = model.getLayer(canonical);
      } catch {
        throw new LabError('bad-input', `${file.path}: layer "${h5.name}" has no counterpart in the ResNet v1 its other layers describe`);
      }
      const wanted = layer.weights;
      const label = naming === 'keras1' ? `layer "${h5.name}" (${canonical})` : `layer "${h5.name}"`;
      if (wanted.length !== h5.weights.length) throw new LabError('bad-input', `${file.path}: ${label} has ${h5.weights.length} weights, the model's layer needs ${wanted.length}`);
      const tensors: tf.Tensor[] = [];
      values.push({ layer, tensors });
      h5.weights.forEach((w, i) => {
        const need = wanted[i].shape;
        if (w.shape.length !== need.length || w.shape.some((d, k) => d !== need[k])) {
          throw new LabError('bad-input', `${file.path}: ${label} weight "${w.name}" has shape [${w.shape.join(',')}], the model needs [${need.join(',')}]`);
        }
        tensors.push(tf.tensor(w.data, w.shape, 'float32'));
      });
    }
    for (const { layer, tensors } of values) layer.setWeights(tensors);
  } finally {
    for (const { tensors } of values) tf.dispose(tensors);
  }
}

/** The side of the stem max-pool's output as built (56 at 224 with pool1_pad, 55 without). */
export function pooledSide(model: LayersModel): number {
  const shape = model.getLayer('pool1_pool').outputShape as number[];
  return shape[1];
}

/** Builds the ResNet v1 a Keras .h5 file describes, on the chosen graph, and loads its weights. */
export function resnetFromKerasFile(
  file: KerasH5File,
  size = 224,
  graph: KerasGraph = DEFAULT_KERAS_GRAPH,
): { model: LayersModel; spec: ResnetV1Spec; naming: KerasNaming; graph: KerasGraph; pooledSide: number } {
  const { spec, naming, byName } = specFromKerasFile(file, graph);
  const model = buildResnetV1(spec, size);
  try {
    assignKerasWeights(model, file, byName, naming);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, spec, naming, graph, pooledSide: pooledSide(model) };
}
