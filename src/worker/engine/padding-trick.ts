/**
 * The padding trick of the Rectified Gradient reference code (METHODS.md): for every conv declared with
 * 'same' padding, the gradient arriving at the conv's output has its outermost 1-pixel border zeroed
 * before it is propagated to the conv's input. The forward value is unchanged.
 */
import type { Tensor } from './tf.ts';
import { tf } from './tf.ts';

function borderMask(h: number, w: number): Tensor {
  if (h <= 2 || w <= 2) return tf.zeros([1, h, w, 1]);
  return tf.pad(tf.ones([1, h - 2, w - 2, 1]), [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
}

/** Identity on the forward pass; zeroes the spatial border of the incoming NHWC gradient. */
export const zeroGradientBorder = tf.customGrad((...args: Array<Tensor | tf.GradSaveFunc>) => {
  const z = args[0] as Tensor;
  return {
    value: tf.clone(z),
    gradFunc: (dy: Tensor) => tf.mul(dy, borderMask(dy.shape[1]!, dy.shape[2]!)),
  };
}) as (z: Tensor) => Tensor;
