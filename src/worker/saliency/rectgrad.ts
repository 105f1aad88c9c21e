/**
 * Rectified Gradient (Kim et al. 2019): the rectified rule at every ReLU, padding trick, and the final
 * map x ⊙ R_0, which is exactly 0 wherever x = 0: the input bias the paper is about.
 */
import { modifiedBackpropMethod } from './modified-backprop-method.ts';
import { rectifiedRule } from './relu-rules.ts';

export const rectgradMethod = modifiedBackpropMethod('rectgrad', 'RectGrad', (o) => ({
  relu: rectifiedRule(o.q, o.percentile),
  paddingTrick: o.paddingTrick,
}));
