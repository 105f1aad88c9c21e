/** Backward rules at each ReLU (METHODS.md table, "backward rule at each ReLU"). */
import type { Tensor, Tensor2D } from '../engine/tf.ts';
import { tf } from '../engine/tf.ts';
import type { ReluBackwardRule } from '../engine/activation-rules.ts';
import type { PercentileInterpolation } from '../../shared/saliency.ts';
import { rowPercentile } from './percentile.ts';

/** Guided backprop: R_in = 1(z > 0) · max(R_out, 0). */
export const guidedRule: ReluBackwardRule = (z, _a, dy) => tf.mul(tf.step(z), tf.relu(dy));

/**
 * Rectified Gradient: R_in = 1(a · R_out > τ) · R_out, τ the q-th percentile of a · R_out per sample
 * over all units of the layer. No separate 1(z > 0): inactive units (a = 0) pass when τ < 0.
 * Masking is step(p − τ), strict at equality; `where(greater())` fell into a slow broadcasting path
 * on wasm (notes/engine.md).
 */
export function rectifiedRule(q: number, interpolation: PercentileInterpolation): ReluBackwardRule {
  return (_z, a, dy) => {
    const p = tf.mul(a, dy);
    const n = p.shape[0]!;
    const tau = rowPercentile(tf.reshape(p, [n, -1]) as Tensor2D, q, interpolation);
    const tauB = tf.reshape(tau, [n, ...p.shape.slice(1).map(() => 1)]);
    return tf.mul(tf.step(tf.sub(p, tauB)), dy) as Tensor;
  };
}
