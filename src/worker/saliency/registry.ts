/** Every saliency method, in one readable list (tfjs' register_all_* style: no import-time magic). */
import type { MethodId } from '../../shared/saliency.ts';
import { LabError } from '../../shared/result.ts';
import type { SaliencyMethod } from './method.ts';
import { gradientMethod } from './gradient.ts';
import { gradientXInputMethod } from './gradient-x-input.ts';
import { guidedBackpropMethod } from './guided-backprop.ts';
import { rectgradMethod } from './rectgrad.ts';
import { nobiasRectgradMethod } from './nobias-rectgrad.ts';
import { integratedGradientsMethod } from './integrated-gradients.ts';
import { smoothgradMethod } from './smoothgrad.ts';

const methods = new Map<MethodId, SaliencyMethod>();
for (const m of [gradientMethod, gradientXInputMethod, guidedBackpropMethod, rectgradMethod, nobiasRectgradMethod, integratedGradientsMethod]) {
  methods.set(m.id, m);
}
methods.set('smoothgrad', smoothgradMethod(getMethod));

export function getMethod(id: MethodId): SaliencyMethod {
  const m = methods.get(id);
  if (m === undefined) throw new LabError('bad-input', `unknown saliency method "${id}"`);
  return m;
}

export function allMethods(): SaliencyMethod[] {
  return [...methods.values()];
}
