/** Vanilla gradient ∂S/∂x (Simonyan et al. 2014): the plain chain rule. */
import { modifiedBackpropMethod } from './modified-backprop-method.ts';

export const gradientMethod = modifiedBackpropMethod('gradient', 'Gradient', () => ({ relu: null, paddingTrick: false }));
