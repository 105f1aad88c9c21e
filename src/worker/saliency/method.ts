/**
 * The one interface every saliency method implements (captum's `attribute`). A method returns both
 * halves of its pair from one backward pass: the paper's whole point is the final × input.
 */
import type { Tensor } from '../engine/tf.ts';
import type { ModelAdapter } from '../engine/model-adapter.ts';
import type { Completeness, MethodId, SaliencyOptions } from '../../shared/saliency.ts';
import { LabError } from '../../shared/result.ts';

export interface SaliencyPair {
  /** The map without the final multiplication (R_0 for modified backprop; mean gradient for IG). */
  withoutInput: Tensor;
  /** The map with it (x ⊙ R_0; (x − x₀) ⊙ mean gradient for IG). */
  withInput: Tensor;
  /** Integrated Gradients only: per sample, Σ attribution against f(x) − f(x₀) (issue 15). */
  completeness?: Completeness[];
}

/**
 * What a long attribution needs from its caller (issue 7: cancel reaches inside long loops). Methods with
 * loops (IG path points, SmoothGrad copies) call `shouldStop` between passes and, if it says stop, free
 * what they hold and throw LabError('cancelled'); `onStep` reports passes done.
 */
export interface AttributeContext {
  shouldStop?: () => boolean;
  /** Work done within this call, in sample-steps: 0 … N · steps(options) for x of N samples. */
  onStep?: (done: number) => void;
  /**
   * Index of x's first sample in the whole request (explain's batches): methods that draw per-sample
   * randomness (SmoothGrad) seed it by this index, so a map does not depend on the batch size. Default 0.
   */
  firstIndex?: number;
  /** Collects what the model could not do as the method asked (ForwardContext.notes); wrappers pass it on. */
  notes?: Set<string>;
}

export interface SaliencyMethod {
  readonly id: MethodId;
  readonly label: string;
  /** Backward passes per sample (IG: path points; SmoothGrad: copies × the inner method's); 1 for one pass. */
  steps(options: SaliencyOptions): number;
  /** x: [N, ...inputShape], targets: one output index per sample. The caller owns the result. */
  attribute(adapter: ModelAdapter, x: Tensor, targets: readonly number[], options: SaliencyOptions, ctx?: AttributeContext): SaliencyPair;
}

/** Throws LabError('cancelled') when the caller asked to stop; call it only with nothing to free. */
export function throwIfStopped(ctx: AttributeContext | undefined): void {
  if (ctx?.shouldStop?.() === true) throw new LabError('cancelled', 'saliency computation cancelled');
}

export function disposePair(p: SaliencyPair): void {
  p.withInput.dispose();
  p.withoutInput.dispose();
}
