/**
 * Modified backward rules (Rectified Gradient, guided backprop) applied *locally*, around each
 * activation the layer walker calls, instead of by swapping the global `Relu` gradient (issue 15 item 4).
 *
 * What the lab does at each nonlinearity (METHODS.md "The rule is defined at ReLUs only"; README):
 * - ReLU (an `activation: 'relu'` inside any layer, an Activation or ReLU layer): the rule.
 * - ReLU6 and ReLU layers with a `maxValue` m: a ReLU with a ceiling, gated the same way, and the
 *   ceiling keeps its own zero derivative: R_in = rule(z, a, R_out) · 1(z ≤ m).
 * - every other nonlinearity (LeakyReLU, PReLU, ELU, SELU, softplus, softsign, tanh, a hidden sigmoid,
 *   hard sigmoid, GELU, swish, mish, ThresholdedReLU, a hidden softmax): the plain gradient, and a line
 *   naming the layer is recorded with the map (`notHonoured`), so a map is never labelled RectGrad
 *   while silently computed as a plain gradient there.
 */
import type { Tensor } from './tf.ts';
import { tf } from './tf.ts';
import type { ActivationLike } from './layer-internals.ts';

/**
 * One backward rule at a ReLU: given the pre-activation z, the activation a = relu(z) and the gradient
 * arriving at a, return the gradient to pass to z.
 */
export type ReluBackwardRule = (z: Tensor, a: Tensor, dy: Tensor) => Tensor;

/** What a rule does at an activation function, by its tfjs-layers class name. */
export type ActivationCoverage = { kind: 'linear' } | { kind: 'relu'; ceiling: number | null } | { kind: 'other'; name: string };

export function activationCoverage(className: string): ActivationCoverage {
  if (className === 'linear') return { kind: 'linear' };
  if (className === 'relu') return { kind: 'relu', ceiling: null };
  if (className === 'relu6') return { kind: 'relu', ceiling: 6 };
  return { kind: 'other', name: className };
}

/** a = min(max(z, 0), ceiling) with `rule` as its backward pass. */
function ruledRelu(rule: ReluBackwardRule, ceiling: number | null): (z: Tensor) => Tensor {
  return tf.customGrad((...args: Array<Tensor | tf.GradSaveFunc>) => {
    const z = args[0] as Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const a = ceiling === null ? tf.relu(z) : tf.clipByValue(z, 0, ceiling);
    save([z, a]);
    return {
      value: a,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [zs, as] = saved;
        const r = rule(zs, as, dy);
        // tfjs' own ReLU6 / clipByValue gradients pass z = ceiling; above it the unit is saturated.
        return ceiling === null ? r : tf.mul(r, tf.cast(tf.lessEqual(zs, ceiling), 'float32'));
      },
    };
  }) as (z: Tensor) => Tensor;
}

/**
 * Applies a ReLU (with an optional ceiling) under `rule`, or plainly when there is no rule. `plain`
 * is the layer's own op, used when no rule is active so that plain gradients stay tfjs' own.
 */
export function reluWithRule(z: Tensor, rule: ReluBackwardRule | null, ceiling: number | null, plain: (z: Tensor) => Tensor): Tensor {
  return rule === null ? plain(z) : ruledRelu(rule, ceiling)(z);
}

/**
 * Applies an activation function under an optional rule. Returns the output and, for a nonlinearity
 * the rule is not defined at while a rule is active, a description of what happened there instead.
 */
export function activateWithRule(activation: ActivationLike, z: Tensor, rule: ReluBackwardRule | null): { a: Tensor; gap: string | null } {
  const coverage = activationCoverage(activation.getClassName());
  if (coverage.kind === 'linear') return { a: z, gap: null };
  if (coverage.kind === 'relu') return { a: reluWithRule(z, rule, coverage.ceiling, (t) => activation.apply(t)), gap: null };
  return { a: activation.apply(z), gap: rule === null ? null : `${coverage.name} activation` };
}
