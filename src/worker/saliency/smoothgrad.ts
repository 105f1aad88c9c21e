/**
 * SmoothGrad (Smilkov et al. 2017) as a wrapper around any method (captum's NoiseTunnel): the mean of
 * the wrapped method's pair over `samples` noisy copies, noise σ = noiseLevel · (max − min) of each
 * sample. Each sample draws its own noise, seeded by (seed, its index in the whole request, copy):
 * runs repeat, a map does not depend on the batch size, and two samples never share noise, so their
 * maps are independent as a paired test over images needs (issue 15).
 */
import type { Tensor } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import type { SaliencyMethod, SaliencyPair } from './method.ts';
import { disposePair, throwIfStopped } from './method.ts';
import type { MethodId } from '../../shared/saliency.ts';

/** murmur3's 32-bit finaliser: every input bit moves about half the output bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The noise seed of copy `copy` of sample `image` (its index in the whole request) under `seed`. */
export function noiseSeed(seed: number, image: number, copy: number): number {
  return fmix32(fmix32(fmix32(seed >>> 0) ^ image) ^ copy);
}

export function smoothgradMethod(lookup: (id: MethodId) => SaliencyMethod): SaliencyMethod {
  return {
    id: 'smoothgrad',
    label: 'SmoothGrad',
    steps: (o) => o.samples * lookup(o.inner).steps(o),
    attribute(adapter, x, targets, options, ctx) {
      const inner = lookup(options.inner);
      const n = x.shape[0]!;
      const perCopy = n * inner.steps(options);
      const first = ctx?.firstIndex ?? 0;
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
          // One noise pattern per sample and copy, seeded by the sample's index in the whole request.
          const noisy = tf.tidy(() => {
            const noise = tf.concat(Array.from({ length: n }, (_, i) => tf.randomNormal([1, ...x.shape.slice(1)], 0, 1, 'float32', noiseSeed(options.seed, first + i, s))), 0);
            return tf.add(x, tf.mul(sigma, noise));
          });
          let pair: SaliencyPair;
          try {
            pair = inner.attribute(adapter, noisy, targets, options, {
              shouldStop: ctx?.shouldStop,
              notes: ctx?.notes,
              firstIndex: first,
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
