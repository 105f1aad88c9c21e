/**
 * Saliency methods and their options, as defined in METHODS.md. Every default is a named option and is
 * stored with each result. The options' schema (types, bounds, defaults applied at the door) is
 * schemas/saliency.ts; it is checked against SaliencyOptions at compile time.
 */
export const SALIENCY_METHOD_IDS = [
  'gradient',
  'gradient-x-input',
  'guided-backprop',
  'rectgrad',
  'nobias-rectgrad',
  'integrated-gradients',
  'smoothgrad',
] as const;
export type MethodId = (typeof SALIENCY_METHOD_IDS)[number];

export function isMethodId(s: string): s is MethodId {
  return (SALIENCY_METHOD_IDS as readonly string[]).includes(s);
}

export const PERCENTILE_INTERPOLATIONS = ['nearest', 'linear'] as const;
export type PercentileInterpolation = (typeof PERCENTILE_INTERPOLATIONS)[number];

/**
 * Integrated Gradients' baseline x₀ (model space): a constant (the scalar form, every entry), one value
 * per channel (e.g. a dataset's mean colour), or an image made from each input: `black` (0 in model space,
 * which is black only for [0, 1] inputs: under a mean-centred preprocessing it is the zero point), `mean` (the
 * input's own mean colour, per channel) or `blur` (a Gaussian blur of the input, σ = 5 % of its side,
 * the deletion fill of METHODS.md). Image baselines need [N, H, W, C] inputs.
 */
export const IG_IMAGE_BASELINES = ['black', 'mean', 'blur'] as const;
export type IgImageBaseline = (typeof IG_IMAGE_BASELINES)[number];
export type IgBaseline = number | number[] | IgImageBaseline;

/**
 * Integrated Gradients' completeness check for one map (Sundararajan et al. 2017, axiom of completeness):
 * Σ attribution should equal f(x) − f(x₀); the gap is what the Riemann sum over `steps` points missed.
 */
export interface Completeness {
  /** Σ of the attribution (x − x₀) ⊙ mean gradient over the whole map. */
  attributionSum: number;
  /** f(x) − f(x₀): the explained logit at the input minus at the baseline. */
  scoreDifference: number;
  /** attributionSum − scoreDifference (logit units); 0 for an exact path integral. */
  gap: number;
}

export interface SaliencyOptions {
  /** Rectified Gradient: percentile q of a·R per sample and layer (METHODS.md default 98). */
  q: number;
  percentile: PercentileInterpolation;
  /** Zero the 1-pixel border of the gradient at every 'same' conv's output (default on). */
  paddingTrick: boolean;
  /** Integrated gradients: number of path points, and the baseline (see IgBaseline). */
  steps: number;
  baseline: IgBaseline;
  /** SmoothGrad: how many noisy copies, noise σ as a fraction of (max − min), the wrapped method, seed. */
  samples: number;
  noiseLevel: number;
  inner: Exclude<MethodId, 'smoothgrad'>;
  seed: number;
  /**
   * Override of the final × input. `undefined` keeps the method's own choice (rectgrad multiplies,
   * nobias-rectgrad does not); every method computes both halves from one backward pass anyway.
   */
  timesInput?: boolean;
}

export const DEFAULT_SALIENCY_OPTIONS: SaliencyOptions = {
  q: 98,
  percentile: 'nearest',
  paddingTrick: true,
  steps: 50,
  baseline: 0,
  samples: 50,
  noiseLevel: 0.1,
  inner: 'gradient',
  seed: 1,
};

/**
 * Which half of a method's pair is its own map M (METHODS.md table, "final map M"): the one place this is
 * said (issue 17). The worker's explain() takes its default `timesInput` from it, the renderer its tags.
 */
const FINAL_MAP_TIMES_INPUT: Record<Exclude<MethodId, 'smoothgrad'>, boolean> = {
  gradient: false,
  'gradient-x-input': true,
  'guided-backprop': false,
  rectgrad: true,
  'nobias-rectgrad': false,
  'integrated-gradients': true,
};

/**
 * Whether the method's own map ends with × input; SmoothGrad's is its wrapped method's.
 * @example multipliesByInput('rectgrad', DEFAULT_SALIENCY_OPTIONS) // true; 'nobias-rectgrad' → false
 */
export function multipliesByInput(method: MethodId, options: Pick<SaliencyOptions, 'inner'>): boolean {
  return FINAL_MAP_TIMES_INPUT[method === 'smoothgrad' ? options.inner : method];
}

/**
 * The worker's own sanity check of options it is handed (a process boundary). Front doors and the host
 * parse with SaliencyOptionsSchema (schemas/saliency.ts), which is stricter; this never sees a user's value first.
 */
export function checkSaliencyOptions(o: SaliencyOptions): string | null {
  if (!(o.q >= 0 && o.q <= 100)) return `q must be between 0 and 100, got ${o.q}`;
  if (!Number.isInteger(o.steps) || o.steps < 1) return `steps must be a positive integer, got ${o.steps}`;
  if (!Number.isInteger(o.samples) || o.samples < 1) return `samples must be a positive integer, got ${o.samples}`;
  if (!(o.noiseLevel >= 0)) return `noise level must be ≥ 0, got ${o.noiseLevel}`;
  const b = o.baseline;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!(finite(b) || (Array.isArray(b) && b.length > 0 && b.every(finite)) || (IG_IMAGE_BASELINES as readonly unknown[]).includes(b))) {
    return `baseline must be a number, a list of per-channel numbers or one of ${IG_IMAGE_BASELINES.join(', ')}, got ${JSON.stringify(b)}`;
  }
  return null;
}
