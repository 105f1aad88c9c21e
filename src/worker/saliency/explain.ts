/**
 * Computes maps for a whole array of inputs in batches: the function the worker, the CLI and the
 * experiments call. Inputs and maps are plain Float32Arrays so they can cross threads without copies.
 */
import { tf } from '../engine/tf.ts';
import type { ModelAdapter } from '../engine/model-adapter.ts';
import { forwardScores } from '../engine/modified-backprop.ts';
import { type Completeness, type MethodId, type SaliencyOptions, checkSaliencyOptions, multipliesByInput } from '../../shared/saliency.ts';
import { LabError } from '../../shared/result.ts';
import { getMethod } from './registry.ts';
import { disposePair } from './method.ts';

export interface ExplainRequest {
  method: MethodId;
  options: SaliencyOptions;
  /** One output index for all samples, one per sample, or undefined for each sample's top score. */
  target?: number | readonly number[];
  /** Samples per attribute call (default 32, at most MAX_BATCH). */
  batchSize?: number;
  /** Work done and total in sample-steps: N · method.steps(options) in all (see explainSteps). */
  onProgress?: (done: number, total: number) => void;
  /** Checked between batches and inside methods' loops (IG steps, SmoothGrad copies). */
  isCancelled?: () => boolean;
  /**
   * Index of the first sample of `data` in a larger request that a caller splits into several calls
   * (default 0): SmoothGrad's noise for a sample is seeded by (seed, this + its position).
   */
  firstIndex?: number;
}

/**
 * A cancel is seen between batches at the latest, so one batch bounds how long it can wait (issue 7);
 * bigger batches would only cost memory.
 */
export const MAX_BATCH = 64;

/** Total work of explaining `count` samples, in the units of ExplainRequest.onProgress. */
export function explainSteps(method: MethodId, options: SaliencyOptions, count: number): number {
  return count * getMethod(method).steps(options);
}

const cancelled = () => new LabError('cancelled', 'saliency computation cancelled');

export interface ExplainResult {
  /** The method's own map (or the half `options.timesInput` asked for), same shape as the input. */
  map: Float32Array;
  /** The other half of the pair. */
  pair: Float32Array;
  timesInput: boolean;
  targets: number[];
  shape: number[];
  /**
   * What the model could not do as the method asked, one line each (a nonlinearity the rule is not
   * defined at, a conv too small for the padding trick); empty when the map is exactly the method's.
   */
  notHonoured: string[];
  /** Integrated Gradients: per sample, Σ attribution against f(x) − f(x₀) (issue 15); absent for other methods. */
  completeness?: Completeness[];
}

function checkShape(adapter: ModelAdapter, shape: readonly number[]): void {
  const want = adapter.inputShape;
  const got = shape.slice(1);
  if (got.length !== want.length || got.some((v, i) => want[i] !== null && want[i] !== -1 && v !== want[i])) {
    throw new LabError('bad-input', `input shape [${shape.join(',')}] does not fit the model's input [N,${want.join(',')}]`);
  }
}

function resolveTargets(adapter: ModelAdapter, data: Float32Array, shape: number[], req: ExplainRequest, batch: number): number[] {
  const target = req.target;
  const n = shape[0];
  if (typeof target === 'number') return new Array<number>(n).fill(target);
  if (target !== undefined) {
    if (target.length !== n) throw new LabError('bad-input', `${target.length} targets for ${n} inputs`);
    return [...target];
  }
  const per = data.length / n;
  const out: number[] = [];
  for (let s = 0; s < n; s += batch) {
    if (req.isCancelled?.() === true) throw cancelled();
    const b = Math.min(batch, n - s);
    const top = tf.tidy(() => tf.argMax(forwardScores(adapter, tf.tensor(data.subarray(s * per, (s + b) * per), [b, ...shape.slice(1)])), 1));
    out.push(...(top.dataSync() as Int32Array));
    top.dispose();
  }
  return out;
}

export function explain(adapter: ModelAdapter, data: Float32Array, shape: number[], req: ExplainRequest): ExplainResult {
  checkShape(adapter, shape);
  const problem = checkSaliencyOptions(req.options);
  if (problem !== null) throw new LabError('bad-input', problem);
  const method = getMethod(req.method);
  const batch = Math.min(MAX_BATCH, Math.max(1, Math.floor(req.batchSize ?? 32)));
  const targets = resolveTargets(adapter, data, shape, req, batch);
  for (const t of targets) {
    if (!(Number.isInteger(t) && t >= 0 && t < adapter.outputCount)) {
      throw new LabError('bad-input', `class ${t} is out of range: the model has ${adapter.outputCount} outputs`);
    }
  }
  const timesInput = req.options.timesInput ?? multipliesByInput(req.method, req.options);
  const n = shape[0];
  const per = data.length / n;
  const steps = method.steps(req.options);
  const map = new Float32Array(data.length);
  const pair = new Float32Array(data.length);
  const notes = new Set<string>();
  const completeness: Completeness[] = [];
  let reported = 0;
  const progress = (done: number) => {
    if (done > reported) req.onProgress?.(done, n * steps);
    reported = Math.max(reported, done);
  };
  for (let s = 0; s < n; s += batch) {
    if (req.isCancelled?.() === true) throw cancelled();
    const b = Math.min(batch, n - s);
    const x = tf.tensor(data.subarray(s * per, (s + b) * per), [b, ...shape.slice(1)]);
    try {
      const onStep = req.onProgress === undefined ? undefined : (done: number) => progress(s * steps + done);
      const result = method.attribute(adapter, x, targets.slice(s, s + b), req.options, { shouldStop: req.isCancelled, onStep, notes, firstIndex: (req.firstIndex ?? 0) + s });
      map.set(((timesInput ? result.withInput : result.withoutInput).dataSync() as Float32Array), s * per);
      pair.set(((timesInput ? result.withoutInput : result.withInput).dataSync() as Float32Array), s * per);
      if (result.completeness !== undefined) completeness.push(...result.completeness);
      disposePair(result);
    } finally {
      x.dispose();
    }
    progress((s + b) * steps);
  }
  return { map, pair, timesInput, targets, shape: [...shape], notHonoured: [...notes], ...(completeness.length === n ? { completeness } : {}) };
}

/**
 * Several methods in turn on the same samples, each result with the seconds it took. Progress is in
 * sample-steps over all of them (IG and SmoothGrad count each pass), so it moves inside long methods and
 * never goes back between methods of different cost; `onProgress` names the method under way.
 */
export function explainEach(
  adapter: ModelAdapter,
  data: Float32Array,
  shape: number[],
  req: Omit<ExplainRequest, 'method' | 'onProgress'> & { methods: readonly MethodId[]; onProgress?: (done: number, total: number, method: MethodId) => void },
): Array<{ method: MethodId; result: ExplainResult; seconds: number }> {
  const { methods, onProgress, ...rest } = req;
  const work = methods.map((m) => explainSteps(m, req.options, shape[0]));
  const total = work.reduce((a, b) => a + b, 0);
  let before = 0;
  return methods.map((method, k) => {
    const started = performance.now();
    const result = explain(adapter, data, shape, { ...rest, method, onProgress: (done) => onProgress?.(before + done, total, method) });
    before += work[k];
    return { method, result, seconds: (performance.now() - started) / 1000 };
  });
}
