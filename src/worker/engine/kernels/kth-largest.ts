/**
 * `SblKthLargest` for wasm: the value at descending index j of each row of [n, d] (Rectified Gradient's
 * per-layer percentile threshold τ, notes/engine.md). The rule used `topk(j + 1)` and a slice: on
 * ResNet50 that was 49 TopK calls, about 7% of a map. An order statistic is a value of the input, so
 * any exact selection returns the same number; this one reads the row once from the heap:
 *  1. a pseudo-random sample of the row, sorted, brackets the wanted rank with a margin of about 4 σ
 *     (a strided sample aliased with the channel count: it read one channel of an NHWC activation);
 *  2. one pass counts the values above the bracket and at its ends, and copies those strictly inside;
 *  3. the answer is selected among the copies (the same way when there are still many, else a sort).
 * When the bracket misses (rare: it is checked by the counts), a wider one is tried, then the stock
 * TopK, exactly as before; so do rows with NaN, which keeps TopK's ordering of NaN.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '../tf.ts';
import { tf } from '../tf.ts';
import { type KernelArgs, freeAll, heapF32, runWasmKernel } from './wasm-kit.ts';

export const KTH_LARGEST = 'SblKthLargest';

/** Rows up to this length are simply sorted. */
const SORT_BELOW = 4096;
const SAMPLE = 2048;

let scratch = new Float32Array(0);

/**
 * Descending index j of values, or NaN when the values hold a NaN or the bracket missed twice (the
 * caller then takes TopK; `top` says whether there is such a caller, else the values are sorted).
 */
function selectDescending(values: Float32Array, j: number, buffer: Float32Array | null, top: boolean): number {
  const len = values.length;
  if (len > SORT_BELOW) {
    for (const widen of [1, 4]) {
      const r = tryBracket(values, j, widen, buffer);
      if (r !== undefined) return r;
    }
    if (top) return NaN;
  }
  const sorted = Float32Array.from(values).sort(); // NaN sort last
  return sorted[len - 1] !== sorted[len - 1] ? NaN : sorted[len - 1 - j];
}

/** Sample positions: xorshift32 from a fixed seed, so a sample never aliases with the channel count. */
function samplePositions(len: number): Uint32Array {
  const at = new Uint32Array(SAMPLE);
  let s = 0x9e3779b9 ^ len;
  for (let i = 0; i < SAMPLE; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    at[i] = Math.floor(((s >>> 0) / 4294967296) * len);
  }
  return at;
}

/** One bracketed pass; undefined when the bracket missed the rank. */
function tryBracket(values: Float32Array, j: number, widen: number, buffer: Float32Array | null): number | undefined {
  const len = values.length;
  const sample = new Float32Array(SAMPLE);
  const at = samplePositions(len);
  for (let i = 0; i < SAMPLE; i++) sample[i] = values[at[i]];
  sample.sort();
  // Rank j from the top is near sample index (1 − f)·SAMPLE; the sample rank has σ ≈ √(SAMPLE·f(1 − f)).
  const f = (j + 0.5) / len;
  const margin = Math.ceil(widen * (4 * Math.sqrt(SAMPLE * f * (1 - f)) + 4));
  const centre = Math.floor((1 - f) * SAMPLE);
  const loAt = centre - margin;
  const hiAt = centre + margin;
  const lo = loAt <= 0 ? -Infinity : sample[loAt];
  const hi = hiAt >= SAMPLE - 1 ? Infinity : sample[hiAt];
  // Descending order is [> hi][= hi][strictly inside][= lo][< lo]; values equal to a bound are only
  // counted, so a large tie (the zeros of a ReLU mask) never lands in the buffer.
  let above = 0;
  let atHi = 0;
  let atLo = 0;
  let count = 0;
  let nan = 0;
  if (lo === hi) {
    let below = 0;
    for (let i = 0; i < len; i++) {
      const v = values[i];
      if (v < lo) below++;
      else if (v > hi) above++;
      else if (v !== v) nan++;
    }
    if (nan > 0) return NaN;
    return j >= above && j < len - below ? lo : undefined;
  }
  const inside = buffer ?? new Float32Array(len);
  // Most values lie below the bracket, so that test comes first (one comparison for them); NaN fails
  // every comparison and is counted last.
  for (let i = 0; i < len; i++) {
    const v = values[i];
    if (v < lo) continue;
    if (v > hi) above++;
    else if (v === hi) atHi++;
    else if (v === lo) atLo++;
    else if (v < hi) inside[count++] = v;
    else nan++;
  }
  if (nan > 0) return NaN;
  if (j < above) return undefined;
  if (j < above + atHi) return hi;
  const k = j - above - atHi;
  if (k < count) {
    const rest = inside.subarray(0, count);
    // Recurse only on real progress (a bracket reaching −∞ or +∞ can hold most values).
    return count <= len / 2 ? selectDescending(rest, k, null, false) : rest.sort()[count - 1 - k];
  }
  return k < count + atLo ? lo : undefined;
}

/** The previous computation (TopK of the cheaper side), for rows with NaN. */
function stockOrderStatistic(backend: KernelArgs['backend'], x: TensorInfo, j: number): Float32Array {
  const [n, d] = x.shape;
  const fromTop = j + 1 <= d - j;
  const input = fromTop ? x : runWasmKernel(backend, 'Neg', { x }, {});
  const k = fromTop ? j + 1 : d - j;
  const [values, indices] = runWasmKernel(backend, 'TopK', { x: input }, { k, sorted: true }) as unknown as TensorInfo[];
  const v = heapF32(backend, values);
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) out[r] = fromTop ? v[r * k + j] : -v[r * k + k - 1];
  freeAll(backend, values, indices);
  if (input !== x) freeAll(backend, input);
  return out;
}

export function makeKthLargest(): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as KernelArgs & { attrs: { j: number } };
    const x = inputs.x;
    const [n, d] = x.shape;
    const j = attrs.j;
    if (x.shape.length !== 2 || !(Number.isInteger(j) && j >= 0 && j < d)) throw new Error(`${KTH_LARGEST}: index ${j} of rows [${x.shape.join(',')}]`);
    const all = heapF32(backend, x);
    let result: Float32Array | null = new Float32Array(n);
    if (scratch.length < d) scratch = new Float32Array(d);
    for (let r = 0; r < n; r++) {
      const v = selectDescending(all.subarray(r * d, (r + 1) * d), j, scratch, true);
      if (v !== v) {
        result = null; // a NaN in the row, or a row the sample could not bracket
        break;
      }
      result[r] = v;
    }
    // The stock path allocates on the heap, so it runs before the output is made.
    const values = result ?? stockOrderStatistic(backend, x, j);
    const out = backend.makeOutput([n, 1], 'float32');
    heapF32(backend, out).set(values);
    return out;
  };
}

/** τ rows through the kernel when the active backend has it (wasm), else null. */
export function kthLargestRows(rows: Tensor2D, j: number): Tensor | null {
  if (tf.getBackend() !== 'wasm' || tf.getKernel(KTH_LARGEST, 'wasm') === undefined) return null;
  return tf.engine().runKernel(KTH_LARGEST, { x: rows }, { j }) as Tensor;
}
