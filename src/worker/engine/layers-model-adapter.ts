/**
 * A ModelAdapter for any TF.js LayersModel (Sequential, functional, nested). It runs the layer graph
 * itself, node by node, so that it can
 *  - explain logits: a final softmax or sigmoid (as an activation or a layer) is skipped (METHODS.md
 *    pitfall 2);
 *  - apply the padding trick between each 'same' conv and its (possibly fused) activation, and skip it
 *    (saying so) where the conv's output is too small to have an interior;
 *  - apply the method's ReLU rule locally, around each activation it calls (activation-rules.ts), and
 *    say where the model has a nonlinearity the rule is not defined at (rule-gaps.ts);
 *  - run a conv followed by inference-mode batch norm as one folded conv (batch-norm-folding.ts), with
 *    a zero padding that only it reads applied as the conv's own explicit padding.
 */
import type { Tensor, Tensor2D } from './tf.ts';
import { tf, tfl } from './tf.ts';
import type { ForwardContext, ModelAdapter } from './model-adapter.ts';
import { zeroGradientBorder } from './padding-trick.ts';
import { clearFilterTransformCache } from './kernels/filter-transform-cache.ts';
import { isInputGradientOnly } from './input-gradient-scope.ts';
import { BatchNormFolding, type ConvBatchNormPair } from './batch-norm-folding.ts';
import { type ActivationLike, type Layer, internals } from './layer-internals.ts';
import { activateWithRule, activationCoverage, reluWithRule } from './activation-rules.ts';
import { PADDING_TRICK_CONVS, activationGap, layerGap, paddingTrickSkipped, uncoveredLayerClass } from './rule-gaps.ts';

const SQUASHING = new Set(['softmax', 'sigmoid']);
const LINEAR: ActivationLike = { apply: (x) => x, getClassName: () => 'linear' };

/** Calls a layer with its activation swapped out, so we can act between op and activation. */
function applyWithoutActivation(layer: Layer, input: Tensor | Tensor[]): { z: Tensor; activation: ActivationLike } {
  const li = internals(layer);
  const activation = li.activation ?? LINEAR;
  li.activation = LINEAR;
  try {
    return { z: layer.apply(input) as Tensor, activation };
  } finally {
    li.activation = activation;
  }
}

/**
 * Conv2D and Dense as separate ops (conv/matMul, bias add) read from the layer's own weights. tfjs-layers
 * always calls its fused op, and a fused op with a linear activation stays fused in gradient mode,
 * where its custom gradient computes the filter gradient too, although saliency discards it (the
 * ResNet50 conv → batch-norm case of notes/engine.md). Separate ops have lazy per-input gradients, so
 * only the input gradient is computed. Returns null for configurations it does not cover.
 */
function preActivationOps(layer: Layer, input: Tensor | Tensor[]): Tensor | null {
  const li = internals(layer);
  if (Array.isArray(input) || li.kernel === undefined) return null;
  const bias = li.bias ? li.bias.read() : null;
  let z: Tensor;
  if (layer.getClassName() === 'Conv2D' && li.rank === 2 && li.dataFormat === 'channelsLast' && input.rank === 4) {
    const pad = li.padding === 'same' ? 'same' : 'valid';
    z = tf.conv2d(input as tf.Tensor4D, li.kernel.read() as tf.Tensor4D, li.strides as [number, number], pad, 'NHWC', li.dilationRate as [number, number]);
  } else if (layer.getClassName() === 'Dense' && input.rank === 2) {
    z = tf.matMul(input as Tensor2D, li.kernel.read() as Tensor2D);
  } else return null;
  return bias === null ? z : tf.add(z, bias);
}

function isContainer(layer: Layer): boolean {
  return layer instanceof tfl.LayersModel;
}

/** A conv and the batch norm after it as one conv with folded weights, padding trick included. */
function callFoldedPair(pair: ConvBatchNormPair, input: Tensor, ctx: Walk): Tensor {
  const li = internals(pair.conv);
  const { kernel, bias } = ctx.folding.folded(pair);
  const pad = li.padding === 'same' ? 'same' : 'valid';
  const explicit = pair.padding?.pads;
  const convPad = explicit === undefined ? pad : ([[0, 0], explicit[0], explicit[1], [0, 0]] as tf.backend_util.ExplicitPadding);
  const z = tf.add(tf.conv2d(input as tf.Tensor4D, kernel, li.strides as [number, number], convPad, 'NHWC', li.dilationRate as [number, number]), bias);
  return pad === 'same' ? withPaddingTrick(pair.conv, z, ctx) : z;
}

/**
 * The padding trick at a 'same' conv's output z. An output 1 or 2 px high or wide is all border: zeroing
 * it would zero the whole incoming gradient (and, in a chain, the whole map), so the trick is skipped
 * there and the map says so.
 */
function withPaddingTrick(layer: Layer, z: Tensor, ctx: Walk): Tensor {
  if (!ctx.paddingTrick) return z;
  const [h, w] = [z.shape[1]!, z.shape[2]!];
  if (h <= 2 || w <= 2) {
    ctx.notes?.add(paddingTrickSkipped(layer.name, h, w));
    return z;
  }
  return zeroGradientBorder(z);
}

/** An activation function under the walk's rule; a nonlinearity the rule does not cover is noted. */
function activate(layer: Layer, activation: ActivationLike, z: Tensor, ctx: Walk): Tensor {
  const { a, gap } = activateWithRule(activation, z, ctx.reluRule ?? null);
  if (gap !== null) ctx.notes?.add(activationGap(layer.name, activation.getClassName()));
  return a;
}

/** What one walk carries besides the tensors: the caller's options and the adapter's folded weights. */
interface Walk extends ForwardContext {
  folding: BatchNormFolding;
}

function callLayer(layer: Layer, input: Tensor | Tensor[], ctx: Walk, isFinal: boolean): Tensor | Tensor[] {
  const cls = layer.getClassName();
  const li = internals(layer);
  if (isContainer(layer)) return walk(layer as unknown as tfl.LayersModel, Array.isArray(input) ? input : [input], ctx, isFinal);
  if (isFinal) {
    if (cls === 'Softmax') return input;
    if (cls === 'Activation' && li.activation !== undefined && SQUASHING.has(li.activation.getClassName())) return input;
    if (li.activation !== undefined && SQUASHING.has(li.activation.getClassName())) {
      // When only the input gradient is wanted, separate ops skip the weight gradient that the fused
      // op's custom gradient computes (ResNet50's 2048×1000 dense: 10–20 ms); the gradient is the same
      // matMul either way. Plain inference keeps the fused op, so scores and top classes are unchanged.
      const direct = isInputGradientOnly() ? preActivationOps(layer, input) : null;
      return direct ?? applyWithoutActivation(layer, input).z;
    }
  }
  if (cls === 'Activation' && li.activation !== undefined && !Array.isArray(input)) return activate(layer, li.activation, input, ctx);
  if (cls === 'ReLU' && !Array.isArray(input)) {
    const ceiling = (layer as unknown as { maxValue?: number | null }).maxValue ?? null;
    return reluWithRule(input, ctx.reluRule ?? null, ceiling, (t) => layer.apply(t) as Tensor);
  }
  if (li.activation !== undefined) {
    const trick = ctx.paddingTrick && PADDING_TRICK_CONVS.has(cls) && li.padding === 'same';
    const linear = activationCoverage(li.activation.getClassName()).kind === 'linear';
    const direct = preActivationOps(layer, input);
    if (direct === null && linear && !trick) return layer.apply(input) as Tensor | Tensor[];
    // The activation is split off so that the trick sits before it and the rule is applied locally.
    const z = direct ?? applyWithoutActivation(layer, input).z;
    return activate(layer, li.activation, trick ? withPaddingTrick(layer, z, ctx) : z, ctx);
  }
  const uncovered = ctx.reluRule ? uncoveredLayerClass(layer) : null;
  if (uncovered !== null) ctx.notes?.add(layerGap(layer.name, uncovered));
  return layer.apply(input) as Tensor | Tensor[];
}

/** Runs a container's graph on concrete tensors; `explainLogits` strips the final squashing. */
function walk(model: tfl.LayersModel, inputs: Tensor[], ctx: Walk, explainLogits: boolean): Tensor[] {
  const mi = internals(model);
  const values = new Map<number, Tensor>();
  mi.inputs!.forEach((s, i) => values.set(s.id, inputs[i]));
  const finalId = mi.outputs![0].id;
  const pairs = ctx.folding.pairsOf(model);
  const foldedPaddings = new Set<number>();
  for (const p of pairs.values()) if (p.padding !== undefined) foldedPaddings.add(p.padding.outputId);
  for (const layer of mi.layers!) {
    if (layer.getClassName() === 'InputLayer') continue;
    for (const node of internals(layer).inboundNodes) {
      const ins = node.inputTensors.map((s) => values.get(s.id));
      if (ins.some((t) => t === undefined) || node.outputTensors.every((s) => values.has(s.id))) continue;
      if (ins.length === 1 && node.outputTensors.length === 1 && foldedPaddings.has(node.outputTensors[0].id)) {
        // A padding that its conv applies itself: its only reader gets the unpadded tensor.
        values.set(node.outputTensors[0].id, ins[0]!);
        continue;
      }
      const pair = node.outputTensors.length === 1 ? pairs.get(node.outputTensors[0].id) : undefined;
      if (pair !== undefined && ins.length === 1) {
        // The batch-norm node is then skipped: its input is never set, its output already is.
        values.set(pair.bnOutputId, callFoldedPair(pair, ins[0]!, ctx));
        continue;
      }
      const isFinal = explainLogits && node.outputTensors.some((s) => s.id === finalId);
      const out = callLayer(layer, ins.length === 1 ? ins[0]! : (ins as Tensor[]), ctx, isFinal);
      const outs = Array.isArray(out) ? out : [out];
      node.outputTensors.forEach((s, i) => values.set(s.id, outs[i]));
    }
  }
  return mi.outputs!.map((s) => {
    const v = values.get(s.id);
    if (v === undefined) throw new Error(`model output ${s.id} was not reached while walking the layer graph`);
    return v;
  });
}

/** The model's weights must not change while the adapter lives (it caches folded batch-norm weights). */
export function layersModelAdapter(model: tfl.LayersModel): ModelAdapter {
  const folding = new BatchNormFolding(model);
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const outShape = model.outputs[0].shape;
  const outputCount = outShape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  return {
    inputShape,
    outputCount,
    outputs(x: Tensor, ctx: ForwardContext): Tensor2D {
      const [y] = walk(model, [x], { ...ctx, folding }, true);
      return tf.reshape(y, [y.shape[0], -1]) as Tensor2D;
    },
    dispose() {
      folding.dispose();
      clearFilterTransformCache();
      model.dispose();
    },
  };
}
