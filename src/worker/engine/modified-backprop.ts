/**
 * The engine's one entry point for saliency: the gradient of chosen scores with respect to the input,
 * with an optional modified ReLU rule and the padding trick. Leaves `tf.memory().numTensors` unchanged
 * apart from the returned tensor, which the caller owns.
 */
import type { Tensor } from './tf.ts';
import { tf } from './tf.ts';
import type { ModelAdapter } from './model-adapter.ts';
import { withInputGradientOnly } from './input-gradient-scope.ts';
import type { ReluBackwardRule } from './activation-rules.ts';

export interface BackpropRules {
  relu: ReluBackwardRule | null;
  paddingTrick: boolean;
}

/**
 * d(Σ_n S_n)/dx for a batch, where S_n = outputs(x)[n, targets[n]]. Samples do not interact (layers
 * run in inference mode), so row n of the result is the gradient of S_n alone. The rules travel with
 * the forward pass (ForwardContext), which applies them at each activation it calls; `notes` collects
 * what it could not apply as asked.
 */
export function inputGradient(adapter: ModelAdapter, x: Tensor, targets: readonly number[], rules: BackpropRules, notes?: Set<string>): Tensor {
  if (targets.length !== x.shape[0]) throw new Error(`${targets.length} targets for a batch of ${x.shape[0]}`);
  return withInputGradientOnly(() =>
    tf.tidy(() => {
      const k = adapter.outputCount;
      const selector = new Float32Array(targets.length * k);
      targets.forEach((t, i) => (selector[i * k + t] = 1));
      const mask = tf.tensor2d(selector, [targets.length, k]);
      const ctx = { paddingTrick: rules.paddingTrick, reluRule: rules.relu, notes };
      const score = (input: Tensor) => tf.sum(tf.mul(adapter.outputs(input, ctx), mask));
      return tf.grad(score)(x);
    }),
  );
}

/** Scores [N, K] in plain inference (no rules), e.g. to pick the top class. */
export function forwardScores(adapter: ModelAdapter, x: Tensor): Tensor {
  return tf.tidy(() => adapter.outputs(x, { paddingTrick: false }));
}
