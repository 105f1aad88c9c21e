/**
 * TF.js GraphModels (what tensorflowjs_converter writes from a SavedModel or frozen graph) as a
 * ModelAdapter. Gradients flow through `execute`; in gradient mode a fused conv with a ReLU is run
 * unfused, so the engine's ReLU rules (Rectified Gradient, guided backprop) reach it (notes/engine.md).
 * What a graph cannot do is said, not hidden: it has no conv layers for the padding trick to sit on
 * (see `graphModelNotHonoured`), and batch norm was already folded by the converter.
 */
import * as tfc from '@tensorflow/tfjs-converter';
import { LabError } from '../../shared/result.ts';
import type { SaliencyOptions } from '../../shared/saliency.ts';
import { tf } from './tf.ts';
import type { Tensor, Tensor2D } from './tf.ts';
import type { ForwardContext, ModelAdapter } from './model-adapter.ts';
import { readRegularFile } from '../../node/confine.ts';
import { readWeightData } from './model-io.ts';
import { withGraphReluRule } from './relu-gradient-override.ts';

interface NodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: { fused_ops?: { list?: { s?: string[] } } };
}

interface GraphJson {
  format?: string;
  modelTopology?: { node?: NodeDef[] };
  weightsManifest?: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }> }>;
  signature?: unknown;
  userDefinedMetadata?: unknown;
}

export interface LoadedGraphModel {
  model: tfc.GraphModel;
  /** The node whose value is explained: the output, or the input of a final Softmax / Sigmoid. */
  scoreNode: string;
  /** The squashing op skipped to reach the logits, if any. */
  skipped: string | null;
  nodeCount: number;
  /** Nonlinearities a ReLU rule does not cover, one line each (see graphRuleGaps). */
  ruleGaps: string[];
  /** Input dims (−1 where free) and the size of the score node's value, from a trial run at load. */
  inputShape: number[];
  outputCount: number;
}

/**
 * Which ops of a graph a ReLU rule is known to be right for: an allow-list, not a list of known
 * nonlinearities, so an op the lab does not know (exact GELU as Erf, a ReLU written as Maximum(x, 0), an
 * Exp-based activation) is named rather than passed silently. Linear and structural ops, max-pooling
 * (the ordinary gradient, METHODS.md), inference batch norm (affine), and Relu / Relu6, which the engine's
 * scoped override reaches (relu-gradient-override.ts).
 */
const RULE_SAFE_GRAPH_OPS = new Set([
  'Placeholder', 'Const', 'Identity', 'IdentityN', 'NoOp', 'Shape', 'Cast', 'StopGradient',
  'Conv2D', 'DepthwiseConv2dNative', 'MatMul', 'BatchMatMul', 'BatchMatMulV2', 'BiasAdd',
  'Add', 'AddV2', 'AddN', 'Sub', 'Neg', 'Pad', 'PadV2', 'MirrorPad', 'Reshape', 'Squeeze', 'ExpandDims',
  'Transpose', 'ConcatV2', 'Concat', 'Pack', 'Unpack', 'Slice', 'StridedSlice', 'Split', 'SplitV', 'Tile',
  'AvgPool', 'MaxPool', 'Mean', 'Sum', 'FusedBatchNorm', 'FusedBatchNormV3', 'Relu', 'Relu6',
  '_FusedConv2D', '_FusedMatMul', 'FusedDepthwiseConv2dNative',
]);
/** Ops fused into a conv / matMul that keep it rule-safe. */
const RULE_SAFE_FUSED = new Set(['BiasAdd', 'Relu', 'Relu6', 'FusedBatchNorm', 'Add']);
/** Scaling by a constant is linear; the same op between two tensors that depend on the input is not. */
const LINEAR_WITH_A_CONSTANT = new Set(['Mul', 'RealDiv', 'Div']);
/** Ops the rule is not defined at, named as such (the rest are "not known to be linear"). */
const KNOWN_ACTIVATIONS = new Set(['LeakyRelu', 'Prelu', 'Elu', 'Selu', 'Softplus', 'Softsign', 'Tanh', 'Sigmoid', 'Softmax', 'LogSoftmax', 'Gelu', 'Swish', 'Mish', 'Maximum', 'Minimum', 'ClipByValue']);

function fusedOps(node: NodeDef): string[] {
  return (node.attr?.fused_ops?.list?.s ?? []).map((b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

export function graphRuleGaps(nodes: NodeDef[], skipped: string | null, scoreNode: string): string[] {
  const constants = new Set(nodes.filter((n) => n.op === 'Const').map((n) => n.name));
  const out: string[] = [];
  for (const node of nodes) {
    // The final Softmax/Sigmoid stepped over to reach the logits is not on the explained path.
    if (skipped !== null && node.op === skipped && node.input?.some((i) => nodeName(i) === scoreNode)) continue;
    const withConstant = LINEAR_WITH_A_CONSTANT.has(node.op) && (node.input ?? []).some((i) => constants.has(nodeName(i)));
    const ops = [...(RULE_SAFE_GRAPH_OPS.has(node.op) || withConstant ? [] : [node.op]), ...fusedOps(node).filter((op) => !RULE_SAFE_FUSED.has(op))];
    for (const op of ops) {
      out.push(
        KNOWN_ACTIVATIONS.has(op)
          ? `node ${node.name} (${op}): the rule is defined at ReLUs only; this op passes the plain gradient`
          : `node ${node.name} (${op}): not an op the lab knows to be linear or a ReLU; it passes its own gradient, the rule is not applied there`,
      );
    }
  }
  return out;
}

const nodeName = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');

/** Follows Identity nodes back from the output; a final Softmax/Sigmoid is stepped over (METHODS.md pitfall 2). */
function scoreNodeOf(nodes: NodeDef[], outputName: string): { scoreNode: string; skipped: string | null } {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  let name = outputName;
  for (let guard = 0; guard < 16; guard++) {
    const node = byName.get(name);
    if (node === undefined) break;
    if (node.op === 'Identity' && node.input?.length) {
      name = nodeName(node.input[0]);
      continue;
    }
    if ((node.op === 'Softmax' || node.op === 'Sigmoid') && node.input?.length) return { scoreNode: nodeName(node.input[0]), skipped: node.op };
    break;
  }
  return { scoreNode: outputName, skipped: null };
}

/** Reads model.json (format graph-model) and its weight shards, confined to the model's folder like LayersModels. */
export async function loadGraphModelFromDisk(modelJsonPath: string): Promise<LoadedGraphModel> {
  const text = readRegularFile(modelJsonPath, 'file').toString('utf8');
  let json: GraphJson;
  try {
    json = JSON.parse(text) as GraphJson;
  } catch (e) {
    throw new LabError('bad-input', `${modelJsonPath}: not a model.json (invalid JSON: ${(e as Error).message})`);
  }
  const nodes = json.modelTopology?.node;
  if (json.format !== 'graph-model' || !Array.isArray(nodes) || !Array.isArray(json.weightsManifest)) {
    throw new LabError('bad-input', `${modelJsonPath}: not a TF.js GraphModel model.json (needs format "graph-model", modelTopology.node and weightsManifest)`);
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights ?? []);
  const badSpec = specs.find((w) => typeof w !== 'object' || w === null || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isSafeInteger(d) && d >= 0));
  if (badSpec !== undefined) throw new LabError('bad-input', `${modelJsonPath}: weightsManifest entry ${JSON.stringify(String((badSpec as { name?: unknown })?.name).slice(0, 100))} needs an integer shape`);
  const weightData = readWeightData(modelJsonPath, json.weightsManifest, specs);
  let model: tfc.GraphModel;
  try {
    model = await tfc.loadGraphModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: specs as tf.io.WeightsManifestEntry[], weightData: weightData.buffer, format: 'graph-model' }),
    );
  } catch (e) {
    throw new LabError('bad-input', `${modelJsonPath}: cannot build the graph model (${(e as Error).message.split('\n')[0]})`);
  }
  if (model.inputs.length !== 1) {
    model.dispose();
    throw new LabError('bad-input', `${modelJsonPath}: the graph has ${model.inputs.length} inputs; saliency needs one image input`);
  }
  const { scoreNode, skipped } = scoreNodeOf(nodes, nodeName(model.outputNodes[0]));
  const inputShape = (model.inputs[0].shape ?? []).slice(1).map((d) => (d === -1 || d === null || d === undefined ? -1 : d));
  let outputCount: number;
  try {
    outputCount = trialRun(model, inputShape, scoreNode);
  } catch (e) {
    model.dispose();
    throw new LabError('bad-input', `${modelJsonPath}: ${whyGraphCannotRun(e, nodes)}`);
  }
  return { model, scoreNode, skipped, nodeCount: nodes.length, ruleGaps: graphRuleGaps(nodes, skipped, scoreNode), inputShape, outputCount };
}

/**
 * Runs the graph once on zeros (free dims set to 32) and gives the size of the score node's value: an op
 * TF.js cannot run fails only when executed, so it is found here, at load, and named with the file.
 */
function trialRun(model: tfc.GraphModel, inputShape: number[], scoreNode: string): number {
  return tf.tidy(() => {
    const dims = inputShape.map((d) => (d === -1 ? 32 : d));
    const y = model.execute(tf.zeros([1, ...dims]), scoreNode) as Tensor;
    return y.size;
  });
}

/** One line for a failed trial run: the node and op when TF.js has no kernel for the op. */
function whyGraphCannotRun(e: unknown, nodes: NodeDef[]): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const op = /^Unknown op '([^']+)'/.exec(message)?.[1] ?? /^Custom op (\S+) is not registered/.exec(message)?.[1];
  if (op !== undefined) {
    const users = nodes.filter((n) => n.op === op).map((n) => n.name);
    return `node ${JSON.stringify(users[0] ?? '?')}${users.length > 1 ? ` (and ${users.length - 1} more)` : ''} uses op ${JSON.stringify(op)}, which TF.js cannot run`;
  }
  return `the graph cannot run (${message.slice(0, 200)})`;
}

/** The options a GraphModel cannot honour, as lines recorded with the maps and printed. */
export function graphModelNotHonoured(options: Pick<SaliencyOptions, 'paddingTrick'>): string[] {
  return options.paddingTrick
    ? ['padding trick not applied: a GraphModel has no conv layers between which the engine could zero the gradient border (maps are as with --padding-trick off)']
    : [];
}

export function graphModelAdapter(loaded: LoadedGraphModel): ModelAdapter {
  const { model, scoreNode, inputShape, outputCount } = loaded;
  return {
    inputShape,
    outputCount,
    outputs(x: Tensor, ctx: ForwardContext): Tensor2D {
      const rule = ctx.reluRule ?? null;
      if (rule !== null) for (const gap of loaded.ruleGaps) ctx.notes?.add(gap);
      const y = withGraphReluRule(rule, () => model.execute(x, scoreNode) as Tensor);
      return tf.reshape(y, [x.shape[0], -1]) as Tensor2D;
    },
    dispose() {
      model.dispose();
    },
  };
}
