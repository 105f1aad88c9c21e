/**
 * Writes small files in the formats the lab imports (issue 9), so tests never download: Keras .h5
 * weight files (ResNets of both generations from the layout in keras-resnet-layout.ts, via h5wasm's
 * writer; any other LayersModel from its own weights), and a TF.js GraphModel
 * model.json written by hand (what tensorflowjs_converter emits for a fused conv, a mean, a matmul and a
 * softmax).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { tf, tfl } from '../../src/worker/engine/tf.ts';
import type { LayersModel } from '../../src/worker/engine/tf.ts';
import { type ResnetV1Spec, buildResnetV1 } from '../../src/worker/models/resnet-v1.ts';
import { seededArray } from './engine.ts';
import { type KerasGeneration, type LayoutLayer, type ResnetFileShape, kerasResnetLayout } from './keras-resnet-layout.ts';
import { setSeededWeights } from './tiny-models.ts';

/** Two stages, a handful of channels: every layer name of a real ResNet50's first blocks, in miniature. */
export const TINY_RESNET: ResnetV1Spec = {
  stemFilters: 8,
  stemKernel: 7,
  // Narrower nets (2–3 channels) leave guided backprop and RectGrad with dead paths: maps of exact zeros.
  stages: [
    { filters: 4, blocks: 2 },
    { filters: 4, blocks: 1 },
  ],
  classes: 5,
  epsilon: 1.001e-5,
  pool1Pad: true,
};

export function tinyResnet(spec: ResnetV1Spec = TINY_RESNET, size = 32, seed = 5): LayersModel {
  const m = buildResnetV1(spec, size);
  setSeededWeights(m, seed);
  return m;
}

export interface KerasResnetFileOptions {
  shape?: ResnetFileShape;
  naming?: KerasGeneration;
  seed?: number;
  /** Replace a weight's data and shape (by the file's layer name and weight index) to make a bad file. */
  corrupt?: { layer: string; index: number; shape: number[] };
  /** Put `value` (NaN, ±Inf) at position `at` of a weight (by the file's layer name and weight index). */
  poison?: { layer: string; index: number; at: number; value: number };
}

/** A layer as written: the layout's entry and the values of each of its weights. */
export type WrittenLayer = LayoutLayer & { data: Float32Array[] };

/**
 * Writes a ResNet v1 weight file as Keras' legacy HDF5 `save_weights` lays it out, from the layout the
 * Keras sources describe (keras-resnet-layout.ts), never from the lab's builder; returns what it wrote.
 * Values are seeded per place (`role`), so both generations of the same net hold the same numbers.
 */
export async function writeKerasResnetH5(path: string, opts: KerasResnetFileOptions = {}): Promise<WrittenLayer[]> {
  await h5wasm.ready;
  const naming = opts.naming ?? 'tf.keras';
  const layout = kerasResnetLayout(opts.shape ?? TINY_RESNET, naming);
  const seedOf = (role: string, i: number) => [...role].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, (opts.seed ?? 5) * 7919 + i);
  const written: WrittenLayer[] = [];
  const f = new h5wasm.File(path, 'w');
  try {
    f.create_attribute('layer_names', layout.map((l) => l.name));
    f.create_attribute('keras_version', naming === 'keras1' ? '1.2.2' : '2.2.4');
    f.create_attribute('backend', 'tensorflow');
    for (const layer of layout) {
      const g = f.create_group(layer.name);
      if (layer.weights.length === 0) {
        g.create_attribute('weight_names', [], [0], '<S1');
        continue;
      }
      g.create_attribute('weight_names', layer.weights.map((w) => w.name));
      // tf.keras names hold a '/': the dataset sits in a subgroup named after the layer.
      if (naming === 'tf.keras') g.create_group(layer.name);
      const data = layer.weights.map((w, i) => {
        const bad = opts.corrupt?.layer === layer.name && opts.corrupt.index === i;
        const shape = bad ? opts.corrupt!.shape : w.shape;
        const values = seededArray(shape.reduce((a, b) => a * b, 1), seedOf(layer.role!, i), w.positive ? 0.5 : -0.6, w.positive ? 1.5 : 0.6);
        if (opts.poison?.layer === layer.name && opts.poison.index === i) values[opts.poison.at] = opts.poison.value;
        g.create_dataset({ name: w.name, data: values, shape });
        return values;
      });
      written.push({ ...layer, data });
    }
  } finally {
    f.close();
  }
  return written;
}

/** Writes `model`'s weights with tf.keras dataset names (layer_names, weight_names, datasets): any architecture. */
export async function writeKerasH5(model: LayersModel, path: string): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  try {
    const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    f.create_attribute('layer_names', layers.map((l) => l.name));
    f.create_attribute('keras_version', '2.2.4');
    f.create_attribute('backend', 'tensorflow');
    for (const layer of layers) {
      const g = f.create_group(layer.name);
      const values = layer.getWeights();
      const names = layer.weights.map((w) => `${layer.name}/${w.originalName.split('/').pop()}:0`);
      if (names.length === 0) g.create_attribute('weight_names', [], [0], '<S1');
      else {
        g.create_attribute('weight_names', names);
        g.create_group(layer.name);
      }
      values.forEach((v, i) => g.create_dataset({ name: names[i], data: Float32Array.from(v.dataSync() as Float32Array), shape: v.shape }));
    }
  } finally {
    f.close();
  }
}

/** A weight as `writeKerasLayersH5` writes it: the name as in weight_names (`<layer>/<name>:0`). */
export interface RawWeight {
  name: string;
  data: Float32Array;
  shape: number[];
}

/**
 * Keras' legacy layout for any layers and values, checked by nothing: for files that must be wrong in
 * one way (a NaN, a link, a shape). Returns nothing; reopen the file with h5wasm/node to edit it further.
 */
export async function writeKerasLayersH5(path: string, layers: Array<{ name: string; weights: RawWeight[] }>): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  try {
    f.create_attribute('layer_names', layers.map((l) => l.name));
    f.create_attribute('keras_version', '2.2.4');
    for (const layer of layers) {
      const g = f.create_group(layer.name);
      // A layer given no weights gets no weight_names either: the test adds its own (a link, a shape).
      if (layer.weights.length > 0) g.create_attribute('weight_names', layer.weights.map((w) => w.name));
      for (const w of layer.weights) {
        const parts = w.name.split('/');
        let at: InstanceType<typeof h5wasm.Group> = g;
        for (const p of parts.slice(0, -1)) at = (at.keys().includes(p) ? at.get(p) : at.create_group(p)) as InstanceType<typeof h5wasm.Group>;
        at.create_dataset({ name: parts.at(-1)!, data: w.data, shape: w.shape });
      }
    }
  } finally {
    f.close();
  }
}

/** An HDF5 file that is not Keras weights: one dataset, no layer_names. */
export async function writePlainH5(path: string): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  f.create_dataset({ name: 'data', data: new Float32Array([1, 2, 3]), shape: [3] });
  f.close();
}

/** A small dense net saved with Keras-style layer names: a Keras file of another architecture. */
export async function writeOtherArchitectureH5(path: string): Promise<void> {
  const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3, name: 'dense_1' }), tfl.layers.dense({ units: 2, name: 'dense_2' })] });
  await writeKerasH5(m, path);
  m.dispose();
}

// ---- GraphModel fixture ------------------------------------------------------------------------

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });
const F = { type: 'DT_FLOAT' };

/**
 * A hand-written GraphModel: x [−1, H, W, 3] → _FusedConv2D (3×3 'SAME', BiasAdd, Relu) → Mean over H, W
 * → MatMul → Softmax → Identity. Returns the folder and a LayersModel with the same weights (conv relu,
 * global average pooling, dense without bias, softmax) to compare maps with.
 */
export function writeGraphModel(dir: string, size = 6, filters = 4, classes = 3): { dir: string; twin: LayersModel } {
  mkdirSync(dir, { recursive: true });
  const w1 = seededArray(3 * 3 * 3 * filters, 101, -0.6, 0.6);
  const b1 = seededArray(filters, 102, -0.2, 0.3);
  const w2 = seededArray(filters * classes, 103, -1, 1);
  const node = [
    { name: 'x', op: 'Placeholder', attr: { dtype: F, shape: { shape: dims([-1, size, size, 3]) } } },
    { name: 'w1', op: 'Const', attr: { dtype: F, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims([3, 3, 3, filters]) } } } },
    { name: 'b1', op: 'Const', attr: { dtype: F, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims([filters]) } } } },
    { name: 'axes', op: 'Const', attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', tensorShape: dims([2]) } } } },
    { name: 'w2', op: 'Const', attr: { dtype: F, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims([filters, classes]) } } } },
    {
      name: 'conv',
      op: '_FusedConv2D',
      input: ['x', 'w1', 'b1'],
      attr: {
        T: F,
        num_args: { i: '1' },
        fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } },
        strides: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: b64('SAME') },
        data_format: { s: b64('NHWC') },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
        use_cudnn_on_gpu: { b: true },
        epsilon: { f: 0 },
      },
    },
    { name: 'gap', op: 'Mean', input: ['conv', 'axes'], attr: { T: F, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    { name: 'logits', op: 'MatMul', input: ['gap', 'w2'], attr: { T: F, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: F } },
    { name: 'Identity', op: 'Identity', input: ['probs'], attr: { T: F } },
  ];
  const weights = [
    { name: 'w1', shape: [3, 3, 3, filters], dtype: 'float32' },
    { name: 'b1', shape: [filters], dtype: 'float32' },
    { name: 'axes', shape: [2], dtype: 'int32' },
    { name: 'w2', shape: [filters, classes], dtype: 'float32' },
  ];
  const bin = Buffer.concat([Buffer.from(w1.buffer), Buffer.from(b1.buffer), Buffer.from(new Int32Array([1, 2]).buffer), Buffer.from(w2.buffer)]);
  writeFileSync(join(dir, 'group1-shard1of1.bin'), bin);
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({ format: 'graph-model', generatedBy: 'test', convertedBy: 'hand', modelTopology: { node, library: {}, versions: { producer: 1395 } }, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }] }),
  );
  const twin = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [size, size, 3], filters, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: classes, useBias: false, activation: 'softmax' }),
    ],
  });
  const ws = [tf.tensor4d(w1, [3, 3, 3, filters]), tf.tensor1d(b1)];
  twin.layers[0].setWeights(ws);
  const wd = tf.tensor2d(w2, [filters, classes]);
  twin.layers[2].setWeights([wd]);
  tf.dispose([...ws, wd]);
  return { dir, twin };
}
