/** "No Bias" Rectified Gradient (Brocki & Chung 2020): the same backward pass, map R_0 without × input. */
import { modifiedBackpropMethod } from './modified-backprop-method.ts';
import { rectifiedRule } from './relu-rules.ts';

export const nobiasRectgradMethod = modifiedBackpropMethod('nobias-rectgrad', 'No-Bias RectGrad', (o) => ({
  relu: rectifiedRule(o.q, o.percentile),
  paddingTrick: o.paddingTrick,
}));
