/**
 * Integrated Gradients' baseline x₀ as a tensor shaped like the input batch (src/shared/saliency.ts,
 * IgBaseline): a constant, a colour per channel, or an image made from each input (black, its own mean
 * colour, a Gaussian blur of it). Each sample's baseline depends on that sample only, so maps do not
 * depend on the batch.
 */
import type { Tensor } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import type { IgBaseline } from '../../shared/saliency.ts';
import { LabError } from '../../shared/result.ts';

/** σ of the blurred baseline as a fraction of the image side (the deletion fill of METHODS.md). */
export const BLUR_SIGMA_FRACTION = 0.05;

/** A normalised 1-D Gaussian kernel of σ, radius ⌈3σ⌉. */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  for (let i = -r; i <= r; i++) k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  const sum = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / sum);
}

/**
 * Separable Gaussian blur of [N, H, W, C] per channel. Near the border the kernel is renormalised over
 * the pixels inside the image (a blur of zero padding would darken the edges towards black).
 */
export function gaussianBlur(x: Tensor, sigma: number): Tensor {
  return tf.tidy(() => {
    const [, h, w] = x.shape as number[];
    const k = gaussianKernel(sigma);
    const len = k.length;
    const along = (t: Tensor, vertical: boolean) => {
      const filter = tf.tile(tf.reshape(tf.tensor1d(k), vertical ? [len, 1, 1, 1] : [1, len, 1, 1]), [1, 1, t.shape[3]!, 1]);
      return tf.depthwiseConv2d(t as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same');
    };
    const blurred = along(along(x, true), false);
    const ones = tf.ones([1, h, w, 1]);
    const weight = along(along(ones, true), false);
    return tf.div(blurred, weight);
  });
}

/** x₀ for the batch x [N, …]; the caller owns the result. */
export function igBaseline(x: Tensor, baseline: IgBaseline): Tensor {
  if (typeof baseline === 'number') return tf.fill(x.shape, baseline);
  if (baseline === 'black') return tf.zerosLike(x);
  const channels = x.shape[x.shape.length - 1]!;
  if (Array.isArray(baseline)) {
    if (baseline.length !== channels) throw new LabError('bad-input', `integrated gradients: a baseline of ${baseline.length} channel values for an input of ${channels} channels`);
    return tf.tidy(() => tf.mul(tf.onesLike(x), tf.tensor1d(baseline)));
  }
  if (x.rank !== 4) throw new LabError('bad-input', `integrated gradients: the "${baseline}" baseline needs image inputs [N, H, W, C], got [${x.shape.join(', ')}]`);
  if (baseline === 'mean') return tf.tidy(() => tf.mul(tf.onesLike(x), tf.mean(x, [1, 2], true)));
  const side = Math.min(x.shape[1]!, x.shape[2]!);
  return gaussianBlur(x, Math.max(0.5, BLUR_SIGMA_FRACTION * side));
}
