/**
 * Integrated gradients (Sundararajan et al. 2017): (x − x₀) ⊙ mean of ∂S/∂x at x₀ + (k/m)(x − x₀),
 * k = 1..m (the right Riemann sum of the paper's eq. 3), baseline x₀ a constant, a colour or an image
 * made from the input (ig-baseline.ts; default 0). Each map comes with its completeness gap,
 * Σ attribution − (f(x) − f(x₀)), so a reader sees how far `steps` points are from the path integral.
 * Path points of one sample are batched together, in chunks to bound memory.
 */
import type { Tensor } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import { forwardScores, inputGradient } from '../engine/modified-backprop.ts';
import type { ModelAdapter } from '../engine/model-adapter.ts';
import type { Completeness } from '../../shared/saliency.ts';
import { type SaliencyMethod, throwIfStopped } from './method.ts';
import { igBaseline } from './ig-baseline.ts';

const MAX_PATH_BATCH = 32;

/** Per sample: Σ attribution, f(x) − f(x₀) at its target, and their difference. */
function completenessOf(adapter: ModelAdapter, x: Tensor, x0: Tensor, attribution: Tensor, targets: readonly number[]): Completeness[] {
  const n = x.shape[0]!;
  const [sums, fx, f0] = tf.tidy(() => [tf.sum(tf.reshape(attribution, [n, -1]), 1), forwardScores(adapter, x), forwardScores(adapter, x0)]);
  try {
    const s = sums.dataSync();
    const a = fx.dataSync();
    const b = f0.dataSync();
    const classes = fx.shape[1]!;
    return targets.map((t, i) => {
      const scoreDifference = a[i * classes + t] - b[i * classes + t];
      return { attributionSum: s[i], scoreDifference, gap: s[i] - scoreDifference };
    });
  } finally {
    tf.dispose([sums, fx, f0]);
  }
}

export const integratedGradientsMethod: SaliencyMethod = {
  id: 'integrated-gradients',
  label: 'Integrated Gradients',
  steps: (options) => options.steps,
  attribute(adapter, x, targets, options, ctx) {
    const n = x.shape[0]!;
    const m = options.steps;
    const x0 = igBaseline(x, options.baseline);
    const means: Tensor[] = [];
    let acc: Tensor | null = null;
    try {
      for (let i = 0; i < n; i++) {
        acc = tf.zeros([1, ...x.shape.slice(1)]);
        for (let start = 1; start <= m; start += MAX_PATH_BATCH) {
          // Checked between chunks of path points, so a cancel never waits for a whole sample.
          throwIfStopped(ctx);
          const count = Math.min(MAX_PATH_BATCH, m - start + 1);
          const prev: Tensor = acc;
          acc = tf.tidy(() => {
            const xi = tf.slice(x, i, 1);
            const x0i = tf.slice(x0, i, 1);
            const alphas = tf.reshape(tf.div(tf.range(start, start + count), m), [count, ...x.shape.slice(1).map(() => 1)]);
            const path = tf.add(x0i, tf.mul(alphas, tf.sub(xi, x0i)));
            const g = inputGradient(adapter, path, new Array<number>(count).fill(targets[i]), { relu: null, paddingTrick: false });
            return tf.add(prev, tf.sum(g, 0, true));
          });
          prev.dispose();
          ctx?.onStep?.(i * m + start + count - 1);
        }
        means.push(tf.div(acc, m));
        acc.dispose();
        acc = null;
      }
    } catch (e) {
      acc?.dispose();
      tf.dispose([...means, x0]);
      throw e;
    }
    const meanGrad = tf.concat(means, 0);
    tf.dispose(means);
    const withInput = tf.tidy(() => tf.mul(tf.sub(x, x0), meanGrad));
    try {
      return { withoutInput: meanGrad, withInput, completeness: completenessOf(adapter, x, x0, withInput, targets) };
    } catch (e) {
      tf.dispose([meanGrad, withInput]);
      throw e;
    } finally {
      x0.dispose();
    }
  },
};
