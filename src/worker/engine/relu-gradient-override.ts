/**
 * Replaces the gradient of the `Relu` kernel for the duration of a synchronous scope. In gradient mode
 * TF.js does not fuse ReLU into conv/dense ops (`shouldFuse` is false unless the activation is linear),
 * so this reaches every ReLU: `activation: 'relu'` layers, ReLU layers and fused ops alike. The tape
 * copies the gradient function when each op is *recorded*, so the scope must cover the forward pass.
 */
import type { GradConfig, Tensor } from './tf.ts';
import { tf } from './tf.ts';

/**
 * One backward rule at a ReLU: given the pre-activation z, the activation a = relu(z) and the gradient
 * arriving at a, return the gradient to pass to z.
 */
export type ReluBackwardRule = (z: Tensor, a: Tensor, dy: Tensor) => Tensor;

export function withReluBackwardRule<T>(rule: ReluBackwardRule | null, fn: () => T): T {
  if (rule === null) return fn();
  const previous = tf.getGradient('Relu');
  const config: GradConfig = {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
      const [z, a] = saved;
      return { x: () => rule(z, a, dy as Tensor) };
    },
  };
  tf.registerGradient(config);
  try {
    return fn();
  } finally {
    tf.registerGradient(previous);
  }
}
