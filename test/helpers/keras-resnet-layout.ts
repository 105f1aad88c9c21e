/**
 * The layout of Keras ResNet weight files, written down from the Keras sources and not from the lab's
 * builder (issue 15, item 3): a test file written by the builder that reads it would agree with any
 * mistake in it. Per generation: every layer name in the order the source's ResNet50 function creates
 * them (weighted or not), and each weighted layer's dataset names and shapes.
 *
 * - keras1: fchollet/deep-learning-models resnet50.py (= keras-applications ≤ 1.0.4): ZeroPadding2D(3),
 *   conv1, bn_conv1, Activation, MaxPooling2D (no pool1_pad: the file never had one), then per stage
 *   conv_block 'a' (2a, 2b, 2c, then the shortcut branch1) and identity blocks 'b', 'c', …; average pool,
 *   flatten, fc1000. Auto-named layers count per class (activation_1, merge_1, …). Datasets `<layer>_W:0`,
 *   `<layer>_b:0`, `<layer>_gamma:0`, `<layer>_beta:0`, `<layer>_running_mean:0`, `<layer>_running_std:0`.
 * - tf.keras: keras/applications/resnet.py: conv1_pad, conv1_conv, conv1_bn, conv1_relu, pool1_pad,
 *   pool1_pool, blocks conv<s>_block<b> (the first of a stack computes its `_0_` shortcut first), avg_pool,
 *   predictions. Datasets `<layer>/kernel:0`, `bias:0`, `gamma:0`, `beta:0`, `moving_mean:0`,
 *   `moving_variance:0`.
 *
 * Each weighted layer also carries `role`: the tf.keras name of the place it fills, derived from its
 * position here (stage, block, branch), not from either name, so a test can check where a loader put it.
 */

export type KerasGeneration = 'tf.keras' | 'keras1';

/** The numbers that size a ResNet v1 file: what varies between ResNet50 and the tests' miniature. */
export interface ResnetFileShape {
  stemFilters: number;
  stemKernel: number;
  stages: Array<{ filters: number; blocks: number }>;
  classes: number;
}

export interface LayoutWeight {
  /** The dataset name inside the layer's group, as the file lists it in `weight_names`. */
  name: string;
  shape: number[];
  /** Batch-norm variance (Keras 1: `running_std`) must be positive. */
  positive: boolean;
}

export interface LayoutLayer {
  name: string;
  weights: LayoutWeight[];
  /** Weighted layers: the tf.keras layer name of the place it fills. */
  role?: string;
}

type Kind = 'conv' | 'bn' | 'dense';

function weightsOf(gen: KerasGeneration, layer: string, kind: Kind, shape: { kernel?: number[]; units: number }): LayoutWeight[] {
  const n = (tf: string, k1: string) => (gen === 'tf.keras' ? `${layer}/${tf}:0` : `${layer}_${k1}:0`);
  if (kind === 'bn') {
    return [
      { name: n('gamma', 'gamma'), shape: [shape.units], positive: false },
      { name: n('beta', 'beta'), shape: [shape.units], positive: false },
      { name: n('moving_mean', 'running_mean'), shape: [shape.units], positive: false },
      { name: n('moving_variance', 'running_std'), shape: [shape.units], positive: true },
    ];
  }
  return [
    { name: n('kernel', 'W'), shape: shape.kernel!, positive: false },
    { name: n('bias', 'b'), shape: [shape.units], positive: false },
  ];
}

/** Every layer of a ResNet v1 weight file of this generation, in the order its source creates them. */
export function kerasResnetLayout(shape: ResnetFileShape, gen: KerasGeneration): LayoutLayer[] {
  const out: LayoutLayer[] = [];
  const counters = new Map<string, number>();
  const auto = (cls: string, tfName: string) => {
    if (gen === 'tf.keras') return tfName;
    const k = (counters.get(cls) ?? 0) + 1;
    counters.set(cls, k);
    return `${cls}_${k}`;
  };
  const plain = (cls: string, tfName: string) => out.push({ name: auto(cls, tfName), weights: [] });
  const weighted = (name: string, role: string, kind: Kind, s: { kernel?: number[]; units: number }) => out.push({ name, role, weights: weightsOf(gen, name, kind, s) });

  out.push({ name: 'input_1', weights: [] });
  plain('zeropadding2d', 'conv1_pad');
  const k = shape.stemKernel;
  weighted(gen === 'tf.keras' ? 'conv1_conv' : 'conv1', 'conv1_conv', 'conv', { kernel: [k, k, 3, shape.stemFilters], units: shape.stemFilters });
  weighted(gen === 'tf.keras' ? 'conv1_bn' : 'bn_conv1', 'conv1_bn', 'bn', { units: shape.stemFilters });
  plain('activation', 'conv1_relu');
  if (gen === 'tf.keras') plain('zeropadding2d', 'pool1_pad');
  plain('maxpooling2d', 'pool1_pool');

  let channels = shape.stemFilters;
  shape.stages.forEach((stage, si) => {
    const s = si + 2;
    const f = stage.filters;
    for (let b = 1; b <= stage.blocks; b++) {
      const role = (branch: number, kind: 'conv' | 'bn') => `conv${s}_block${b}_${branch}_${kind}`;
      const name = (branch: number, kind: 'conv' | 'bn') =>
        gen === 'tf.keras' ? role(branch, kind) : `${kind === 'conv' ? 'res' : 'bn'}${s}${String.fromCharCode(96 + b)}_branch${['1', '2a', '2b', '2c'][branch]}`;
      const conv = (branch: number, kernel: number[]) => weighted(name(branch, 'conv'), role(branch, 'conv'), 'conv', { kernel, units: kernel[3] });
      const bn = (branch: number, units: number) => weighted(name(branch, 'bn'), role(branch, 'bn'), 'bn', { units });
      const shortcut = () => {
        conv(0, [1, 1, channels, 4 * f]);
        bn(0, 4 * f);
      };
      if (b === 1 && gen === 'tf.keras') shortcut();
      conv(1, [1, 1, channels, f]);
      bn(1, f);
      plain('activation', `conv${s}_block${b}_1_relu`);
      conv(2, [3, 3, f, f]);
      bn(2, f);
      plain('activation', `conv${s}_block${b}_2_relu`);
      conv(3, [1, 1, f, 4 * f]);
      bn(3, 4 * f);
      if (b === 1 && gen === 'keras1') shortcut();
      plain('merge', `conv${s}_block${b}_add`);
      plain('activation', `conv${s}_block${b}_out`);
      channels = 4 * f;
    }
  });
  plain('averagepooling2d', 'avg_pool');
  if (gen === 'keras1') plain('flatten', 'flatten');
  weighted(gen === 'tf.keras' ? 'predictions' : 'fc1000', 'predictions', 'dense', { kernel: [channels, shape.classes], units: shape.classes });
  return out;
}
