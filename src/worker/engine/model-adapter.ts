/**
 * What a saliency method sees of a model: a function from inputs to explainable scores. Methods never
 * see the trainer or the layers (captum's `forward_func`, PAIR's model callback), so they can be tested
 * against functions with known gradients.
 */
import type { Tensor, Tensor2D } from './tf.ts';
import type { ReluBackwardRule } from './activation-rules.ts';

export interface ForwardContext {
  /** Zero the 1-pixel border of the gradient at each 'same' conv's output (METHODS.md padding trick). */
  paddingTrick: boolean;
  /** The backward rule at every ReLU (RectGrad, guided backprop); null or absent: the plain gradient. */
  reluRule?: ReluBackwardRule | null;
  /**
   * Where the forward pass says what it could not do as asked (a nonlinearity the rule is not defined
   * at, a conv too small for the padding trick): one line each, recorded with the maps as `notHonoured`.
   */
  notes?: Set<string>;
}

export interface ModelAdapter {
  /** Shape of one input, without the batch axis, e.g. [64, 64, 3]. */
  readonly inputShape: readonly number[];
  /** Number of explainable outputs K. */
  readonly outputCount: number;
  /**
   * Scores [N, K] for a batch [N, ...inputShape]: class logits (never a softmax or a lone sigmoid,
   * METHODS.md pitfall 2) or concept scores. Runs inside the engine's backprop scope.
   */
  outputs(x: Tensor, ctx: ForwardContext): Tensor2D;
  /** Releases weights and engine caches held for this model. */
  dispose?(): void;
}
