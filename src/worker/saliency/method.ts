/**
 * The one interface every saliency method implements (captum's `attribute`). A method returns both
 * halves of its pair from one backward pass: the paper's whole point is the final × input.
 */
import type { Tensor } from '../engine/tf.ts';
import type { ModelAdapter } from '../engine/model-adapter.ts';
import type { MethodId, SaliencyOptions } from '../../shared/saliency.ts';

export interface SaliencyPair {
  /** The map without the final multiplication (R_0 for modified backprop; mean gradient for IG). */
  withoutInput: Tensor;
  /** The map with it (x ⊙ R_0; (x − x₀) ⊙ mean gradient for IG). */
  withInput: Tensor;
}

export interface SaliencyMethod {
  readonly id: MethodId;
  readonly label: string;
  /** Which half is the method's own map M (METHODS.md table). */
  multipliesByInput(options: SaliencyOptions): boolean;
  /** x: [N, ...inputShape], targets: one output index per sample. The caller owns the result. */
  attribute(adapter: ModelAdapter, x: Tensor, targets: readonly number[], options: SaliencyOptions): SaliencyPair;
}

export function disposePair(p: SaliencyPair): void {
  p.withInput.dispose();
  p.withoutInput.dispose();
}
