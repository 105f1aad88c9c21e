/** Guided backpropagation (Springenberg et al. 2015): R_in = 1(z > 0) · max(R_out, 0); map R_0. */
import { modifiedBackpropMethod } from './modified-backprop-method.ts';
import { guidedRule } from './relu-rules.ts';

export const guidedBackpropMethod = modifiedBackpropMethod('guided-backprop', 'Guided Backprop', () => ({
  relu: guidedRule,
  paddingTrick: false,
}));
