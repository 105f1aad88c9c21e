/**
 * For GraphModels only (a LayersModel gets its rules locally from the layer walker, activation-rules.ts):
 * replaces the gradients of the `Relu` and `Relu6` kernels while the graph's forward pass is recorded.
 * A graph has no layers to wrap, but in gradient mode TF.js runs its fused conv/matMul ops unfused
 * (`shouldFuse` is false unless the activation is linear), so every ReLU and ReLU6 of the graph becomes
 * one of these kernels. The tape copies the gradient function when each op is *recorded*, so the scope
 * must cover the forward pass; it is synchronous and refuses an async body (saliency-scope.ts).
 */
import type { GradConfig, Tensor } from './tf.ts';
import { tf } from './tf.ts';
import type { ReluBackwardRule } from './activation-rules.ts';
import { withSaliencyScope } from './saliency-scope.ts';

function ruleGradient(kernelName: 'Relu' | 'Relu6', rule: ReluBackwardRule): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
      const [z, a] = saved;
      const r = () => rule(z, a, dy as Tensor);
      // ReLU6's ceiling keeps its own zero derivative, as tfjs' plain gradient (z ≤ 6 passes).
      return { x: kernelName === 'Relu' ? r : () => tf.mul(r(), tf.cast(tf.lessEqual(z, 6), 'float32')) };
    },
  };
}

export function withGraphReluRule<T>(rule: ReluBackwardRule | null, fn: () => T): T {
  if (rule === null) return fn();
  const previous = [tf.getGradient('Relu'), tf.getGradient('Relu6')];
  return withSaliencyScope(
    'graph ReLU rule',
    () => {
      tf.registerGradient(ruleGradient('Relu', rule));
      tf.registerGradient(ruleGradient('Relu6', rule));
    },
    () => previous.forEach((g) => tf.registerGradient(g)),
    fn,
  );
}
