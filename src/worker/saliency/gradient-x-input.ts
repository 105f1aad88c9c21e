/** Gradient × Input (Shrikumar et al. 2016): x ⊙ ∂S/∂x, from the same pass as the plain gradient. */
import { modifiedBackpropMethod } from './modified-backprop-method.ts';

export const gradientXInputMethod = modifiedBackpropMethod('gradient-x-input', 'Gradient × Input', () => ({
  relu: null,
  paddingTrick: false,
}));
