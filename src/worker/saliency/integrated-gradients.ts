/**
 * Integrated gradients (Sundararajan et al. 2017): (x − x₀) ⊙ mean of ∂S/∂x at x₀ + (k/m)(x − x₀),
 * k = 1..m (the right Riemann sum of the paper's eq. 3), baseline x₀ a constant (default 0).
 * Path points of one sample are batched together, in chunks to bound memory.
 */
import type { Tensor } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import { inputGradient } from '../engine/modified-backprop.ts';
import { type SaliencyMethod, throwIfStopped } from './method.ts';

const MAX_PATH_BATCH = 32;

export const integratedGradientsMethod: SaliencyMethod = {
  id: 'integrated-gradients',
  label: 'Integrated Gradients',
  multipliesByInput: () => true,
  steps: (options) => options.steps,
  attribute(adapter, x, targets, options, ctx) {
    const n = x.shape[0]!;
    const m = options.steps;
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
            const alphas = tf.reshape(tf.div(tf.range(start, start + count), m), [count, ...x.shape.slice(1).map(() => 1)]);
            const path = tf.add(options.baseline, tf.mul(alphas, tf.sub(xi, options.baseline)));
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
      tf.dispose(means);
      throw e;
    }
    const meanGrad = tf.concat(means, 0);
    tf.dispose(means);
    const withInput = tf.tidy(() => tf.mul(tf.sub(x, options.baseline), meanGrad));
    return { withoutInput: meanGrad, withInput };
  },
};
