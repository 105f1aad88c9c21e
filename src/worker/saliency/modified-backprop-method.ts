/** Builds a method that is one backward pass with a given rule, and returns R_0 and x ⊙ R_0. */
import type { Tensor } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import type { ModelAdapter } from '../engine/model-adapter.ts';
import { type BackpropRules, inputGradient } from '../engine/modified-backprop.ts';
import type { MethodId, SaliencyOptions } from '../../shared/saliency.ts';
import type { AttributeContext, SaliencyMethod, SaliencyPair } from './method.ts';

export function modifiedBackpropMethod(
  id: MethodId,
  label: string,
  rules: (o: SaliencyOptions) => BackpropRules,
): SaliencyMethod {
  return {
    id,
    label,
    steps: () => 1,
    attribute(adapter: ModelAdapter, x: Tensor, targets: readonly number[], options: SaliencyOptions, ctx?: AttributeContext): SaliencyPair {
      const r0 = inputGradient(adapter, x, targets, rules(options), ctx?.notes);
      return { withoutInput: r0, withInput: tf.mul(x, r0) };
    },
  };
}
