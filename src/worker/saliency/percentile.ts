/**
 * Per-sample percentile thresholds for Rectified Gradient, exactly as METHODS.md specifies:
 * sort the d values of one sample descending and take index round((d − 1)·(1 − q/100)), rounding half
 * to even ('nearest'), or interpolate between the two neighbours ('linear', numpy's default).
 */
import type { Tensor, Tensor2D } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import { kthLargestRows } from '../engine/kernels/kth-largest.ts';
import type { PercentileInterpolation } from '../../shared/saliency.ts';

/** Rounds half to even, tolerant of the tiny error in (d − 1)·(100 − q)/100. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (Math.abs(diff - 0.5) < 1e-9) return f % 2 === 0 ? f : f + 1;
  return diff < 0.5 ? f : f + 1;
}

/** Position in descending order of the q-th percentile of d values (fractional for 'linear'). */
export function descendingPosition(d: number, q: number): number {
  return ((d - 1) * (100 - q)) / 100;
}

/**
 * Values at descending index j (0-based) of each row, as [N, 1]: the engine's selection kernel where
 * the backend has one (wasm), else the cheaper of two top-k's. Both return the same input value.
 */
function descendingOrderStatistic(rows: Tensor2D, j: number): Tensor {
  const selected = kthLargestRows(rows, j);
  if (selected !== null) return selected;
  const [n, d] = rows.shape;
  if (j + 1 <= d - j) {
    const { values, indices } = tf.topk(rows, j + 1, true);
    indices.dispose();
    return tf.slice(values, [0, j], [n, 1]);
  }
  const { values, indices } = tf.topk(tf.neg(rows), d - j, true);
  indices.dispose();
  return tf.neg(tf.slice(values, [0, d - j - 1], [n, 1]));
}

/** Threshold τ per row of [N, D], shape [N, 1]. */
export function rowPercentile(rows: Tensor2D, q: number, interpolation: PercentileInterpolation): Tensor {
  return tf.tidy(() => {
    const d = rows.shape[1];
    const pos = descendingPosition(d, q);
    if (interpolation === 'nearest') return descendingOrderStatistic(rows, roundHalfEven(pos));
    const lo = Math.floor(pos);
    const hi = Math.min(Math.ceil(pos), d - 1);
    const vLo = descendingOrderStatistic(rows, lo);
    if (hi === lo) return vLo;
    const vHi = descendingOrderStatistic(rows, hi);
    return tf.add(vLo, tf.mul(tf.sub(vHi, vLo), pos - lo));
  });
}
