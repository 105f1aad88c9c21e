/**
 * SmoothGrad (Smilkov et al. 2017) as a wrapper around any method (captum's NoiseTunnel): the mean of
 * the wrapped method's pair over `samples` noisy copies, noise σ = noiseLevel · (max − min) of each
 * sample, seeded so that runs repeat and do not depend on batching.
 */
import type { Tensor } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import type { SaliencyMethod, SaliencyPair } from './method.ts';
import { disposePair, throwIfStopped } from './method.ts';
import type { MethodId } from '../../shared/saliency.ts';

export function smoothgradMethod(lookup: (id: MethodId) => SaliencyMethod): SaliencyMethod {
  return {
    id: 'smoothgrad',
    label: 'SmoothGrad',
    multipliesByInput: (o) => lookup(o.inner).multipliesByInput(o),
    steps: (o) => o.samples * lookup(o.inner).steps(o),
    attribute(adapter, x, targets, options, ctx) {
      const inner = lookup(options.inner);
      const n = x.shape[0]!;
      const perCopy = n * inner.steps(options);
      const sigma = tf.tidy(() => {
        const flat = tf.reshape(x, [n, -1]);
        const range = tf.sub(tf.max(flat, 1), tf.min(flat, 1));
        return tf.reshape(tf.mul(range, options.noiseLevel), [n, ...x.shape.slice(1).map(() => 1)]);
      });
      let sumWith: Tensor = tf.zerosLike(x);
      let sumWithout: Tensor = tf.zerosLike(x);
      try {
        for (let s = 0; s < options.samples; s++) {
          // Checked between copies, and passed on so that an inner loop (IG) checks between its steps.
          throwIfStopped(ctx);
          // One noise pattern per copy, shared by the samples of a batch, so a sample's map does not
          // depend on which batch it was computed in.
          const noisy = tf.tidy(() => {
            const noise = tf.randomNormal([1, ...x.shape.slice(1)], 0, 1, 'float32', options.seed * 7919 + s);
            return tf.add(x, tf.mul(sigma, noise));
          });
          let pair: SaliencyPair;
          try {
            pair = inner.attribute(adapter, noisy, targets, options, {
              shouldStop: ctx?.shouldStop,
              onStep: ctx?.onStep === undefined ? undefined : (done) => ctx.onStep!(s * perCopy + done),
            });
          } finally {
            noisy.dispose();
          }
          const nextWith = tf.add(sumWith, pair.withInput);
          const nextWithout = tf.add(sumWithout, pair.withoutInput);
          tf.dispose([sumWith, sumWithout]);
          disposePair(pair);
          sumWith = nextWith;
          sumWithout = nextWithout;
          ctx?.onStep?.((s + 1) * perCopy);
        }
      } catch (e) {
        tf.dispose([sumWith, sumWithout, sigma]);
        throw e;
      }
      sigma.dispose();
      const result = { withInput: tf.div(sumWith, options.samples), withoutInput: tf.div(sumWithout, options.samples) };
      tf.dispose([sumWith, sumWithout]);
      return result;
    },
  };
}
