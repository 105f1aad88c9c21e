/**
 * The padding trick of the Rectified Gradient reference code (METHODS.md): for every conv declared with
 * 'same' padding, the gradient arriving at the conv's output has its outermost 1-pixel border zeroed
 * before it is propagated to the conv's input. The forward value is unchanged.
 */
import type { Tensor } from './tf.ts';
import { tf } from './tf.ts';

/**
 * 1 inside, 0 on the 1-pixel border, as [1, h, w, 1]. Written from JS rather than with ones + pad: on
 * wasm each Pad call has a fixed cost (about 1 ms on a busy 2-core machine, 16 per ResNet50 map).
 */
function borderMask(h: number, w: number): Tensor {
  const mask = new Float32Array(h * w);
  for (let y = 1; y < h - 1; y++) mask.fill(1, y * w + 1, y * w + w - 1);
  return tf.tensor4d(mask, [1, h, w, 1]);
}

/** Identity on the forward pass; zeroes the spatial border of the incoming NHWC gradient. */
export const zeroGradientBorder = tf.customGrad((...args: Array<Tensor | tf.GradSaveFunc>) => {
  const z = args[0] as Tensor;
  return {
    value: tf.clone(z),
    gradFunc: (dy: Tensor) => tf.mul(dy, borderMask(dy.shape[1]!, dy.shape[2]!)),
  };
}) as (z: Tensor) => Tensor;
