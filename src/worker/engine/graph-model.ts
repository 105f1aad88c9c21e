/**
 * TF.js GraphModels (what tensorflowjs_converter writes from a SavedModel or frozen graph) as a
 * ModelAdapter. Gradients flow through `execute`; in gradient mode a fused conv with a ReLU is run
 * unfused, so the engine's ReLU rules (Rectified Gradient, guided backprop) reach it (notes/engine.md).
 * What a graph cannot do is said, not hidden: it has no conv layers for the padding trick to sit on
 * (see `graphModelNotHonoured`), and batch norm was already folded by the converter.
 */
import { dirname } from 'node:path';
import * as tfc from '@tensorflow/tfjs-converter';
import { LabError } from '../../shared/result.ts';
import type { SaliencyOptions } from '../../shared/saliency.ts';
import { tf } from './tf.ts';
import type { Tensor, Tensor2D } from './tf.ts';
import type { ForwardContext, ModelAdapter } from './model-adapter.ts';
import { readRegularFile, weightFile } from './model-io.ts';
import { withGraphReluRule } from './relu-gradient-override.ts';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

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
}

/**
 * Ops (alone or fused into a conv / matMul) that are nonlinear and not a ReLU or ReLU6: the engine's
 * rules reach only the Relu and Relu6 kernels of a graph (relu-gradient-override.ts), so these pass the
 * plain gradient while a rule is active, and the maps say so.
 */
const UNCOVERED_GRAPH_OPS = new Set(['LeakyRelu', 'Prelu', 'Elu', 'Selu', 'Softplus', 'Softsign', 'Tanh', 'Sigmoid', 'Softmax', 'LogSoftmax', 'Gelu', 'Swish', 'Mish']);

function fusedOps(node: NodeDef): string[] {
  return (node.attr?.fused_ops?.list?.s ?? []).map((b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

export function graphRuleGaps(nodes: NodeDef[], skipped: string | null, scoreNode: string): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const ops = [node.op, ...fusedOps(node)].filter((op) => UNCOVERED_GRAPH_OPS.has(op));
    // The final Softmax/Sigmoid stepped over to reach the logits is not on the explained path.
    if (skipped !== null && node.op === skipped && node.input?.some((i) => nodeName(i) === scoreNode)) continue;
    for (const op of ops) out.push(`node ${node.name} (${op}): the rule is defined at ReLUs only; this op passes the plain gradient`);
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
  const dir = dirname(modelJsonPath);
  const specs = json.weightsManifest.flatMap((g) => g.weights ?? []);
  const chunks = json.weightsManifest.flatMap((g) => (g.paths ?? []).map((p) => readRegularFile(weightFile(dir, p, modelJsonPath), 'weight file named in model.json')));
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const expected = specs.reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1) * (DTYPE_BYTES[w.quantization?.dtype ?? w.dtype] ?? 4), 0);
  if (total !== expected) throw new LabError('bad-input', `${dir}: corrupt weights: ${total} bytes of weight data, the manifest needs ${expected}`);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    weightData.set(c, at);
    at += c.length;
  }
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
  return { model, scoreNode, skipped, nodeCount: nodes.length, ruleGaps: graphRuleGaps(nodes, skipped, scoreNode) };
}

/** The options a GraphModel cannot honour, as lines recorded with the maps and printed. */
export function graphModelNotHonoured(options: Pick<SaliencyOptions, 'paddingTrick'>): string[] {
  return options.paddingTrick
    ? ['padding trick not applied: a GraphModel has no conv layers between which the engine could zero the gradient border (maps are as with --padding-trick off)']
    : [];
}

export function graphModelAdapter(loaded: LoadedGraphModel): ModelAdapter {
  const { model, scoreNode } = loaded;
  const shape = model.inputs[0].shape ?? [];
  const inputShape = shape.slice(1).map((d) => (d === -1 || d === null || d === undefined ? -1 : d));
  const probe = tf.tidy(() => {
    const dims = inputShape.map((d) => (d === -1 ? 32 : d));
    const y = model.execute(tf.zeros([1, ...dims]), scoreNode) as Tensor;
    return y.size;
  });
  return {
    inputShape,
    outputCount: probe,
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
