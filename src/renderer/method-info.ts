/** What each method is and which options change its maps, in words for the form and the table headers. */
import type { MethodId, SaliencyOptions } from '../shared/saliency.ts';
import { DEFAULT_SALIENCY_OPTIONS, isMethodId, multipliesByInput as methodMultipliesByInput } from '../shared/saliency.ts';

export const METHOD_INFO: Record<MethodId, string> = {
  gradient: 'Plain gradient of the box logit w.r.t. the input.',
  'gradient-x-input': 'Gradient multiplied by the input (zero wherever the input is 0).',
  'guided-backprop': 'Guided backpropagation: only positive gradients through positive activations.',
  rectgrad: 'Rectified Gradient: backprop keeps only a·R above the q-th percentile per layer, then × input.',
  'nobias-rectgrad': 'No-Bias Rectified Gradient: RectGrad without the final × input (Brocki & Chung 2020).',
  'integrated-gradients': 'Integrated gradients from a baseline (a constant, a colour, black, the input\'s mean colour or a blur of it) along a straight path, × (input − baseline); each map reports its completeness gap.',
  smoothgrad: 'SmoothGrad: the average of a wrapped method over noisy copies of the input.',
};

/**
 * Whether the method's own map ends with × input (so a tag must not suggest a second multiplication), as
 * src/shared/saliency.ts says; null for a name the lab does not know, or SmoothGrad without its options.
 */
export function multipliesByInput(method: string, options?: Pick<SaliencyOptions, 'inner'>): boolean | null {
  if (!isMethodId(method) || (method === 'smoothgrad' && options === undefined)) return null;
  return methodMultipliesByInput(method, options ?? DEFAULT_SALIENCY_OPTIONS);
}

/** The options that shaped a stored map, short (for column headers). */
export function optionsSummary(method: string, o: SaliencyOptions): string {
  const pad = `padding trick ${o.paddingTrick ? 'on' : 'off'}`;
  switch (method) {
    case 'rectgrad':
    case 'nobias-rectgrad':
      return `q ${o.q} (${o.percentile}) · ${pad}`;
    case 'integrated-gradients':
      return `baseline ${Array.isArray(o.baseline) ? `(${o.baseline.join(', ')})` : o.baseline} · ${o.steps} steps`;
    case 'smoothgrad':
      return `${o.inner} · σ ${o.noiseLevel} · ${o.samples} samples · seed ${o.seed}`;
    case 'guided-backprop':
      // Guided backprop never takes the padding trick (guided-backprop.ts): saying "on" would be false.
      return 'ReLU rule max(R, 0) · no padding trick';
    default:
      return '';
  }
}
