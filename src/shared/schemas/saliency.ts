/**
 * Saliency options: every field typed and bounded, unknown fields refused, defaults applied once here
 * (issue 7: `paddingTrick: "false"` ran with the trick on and was recorded as "false").
 */
import { z } from 'zod';
import { DEFAULT_SALIENCY_OPTIONS as D, IG_IMAGE_BASELINES, PERCENTILE_INTERPOLATIONS, SALIENCY_METHOD_IDS, isMethodId, type MethodId, type SaliencyOptions } from '../saliency.ts';
import { type Assert, type Same, show } from './check.ts';
import { SeedSchema, intIn, numberIn } from './common.ts';

export const MethodIdSchema = z.enum(SALIENCY_METHOD_IDS, { error: (iss) => `expected one of ${SALIENCY_METHOD_IDS.join(', ')}, got ${show(iss.input)}` });
/** A method named by a string (the renderer keys maps by the sidecars' names) that must be a method id. */
export const MethodNameSchema = z.string().refine(isMethodId, { error: (iss) => `expected one of ${SALIENCY_METHOD_IDS.join(', ')}, got ${show(iss.input)}` });

const WRAPPABLE = SALIENCY_METHOD_IDS.filter((m): m is Exclude<MethodId, 'smoothgrad'> => m !== 'smoothgrad');

/** Bounds: IG steps and SmoothGrad samples are backward passes per image, so a typo cannot ask for millions. */
export const SaliencyOptionsSchema = z.strictObject({
  q: numberIn(0, 100).default(D.q).describe('RectGrad percentile'),
  percentile: z.enum(PERCENTILE_INTERPOLATIONS).default(D.percentile),
  paddingTrick: z.boolean().default(D.paddingTrick).describe('RectGrad’s padding trick: on | off'),
  steps: intIn(1, 1000).default(D.steps),
  /**
   * Model space: inputs are in [0, 1] or mean-centred, so a baseline far outside is a mistake. A number,
   * one number per channel, or an image made from the input (black, mean, blur).
   */
  baseline: z.union([numberIn(-1000, 1000), z.array(numberIn(-1000, 1000)).min(1).max(64), z.enum(IG_IMAGE_BASELINES)], {
    error: (iss) => `expected a number in [-1000, 1000], a list of per-channel numbers, or one of ${IG_IMAGE_BASELINES.join(', ')}, got ${show(iss.input)}`,
  }).default(D.baseline),
  samples: intIn(1, 1000).default(D.samples),
  /** σ as a fraction of the input's (max − min): above 1 the copies are mostly noise. */
  noiseLevel: numberIn(0, 1).default(D.noiseLevel),
  inner: z
    .enum(WRAPPABLE as [Exclude<MethodId, 'smoothgrad'>, ...Exclude<MethodId, 'smoothgrad'>[]], {
      error: (iss) => (iss.input === 'smoothgrad' ? 'smoothgrad cannot wrap itself' : `expected one of ${WRAPPABLE.join(', ')}, got ${show(iss.input)}`),
    })
    .default(D.inner),
  seed: SeedSchema.default(D.seed),
  timesInput: z.boolean().optional(),
});

export type SaliencyOptionsInput = z.input<typeof SaliencyOptionsSchema>;

export type SaliencyOptionsMatchSchema = Assert<Same<z.output<typeof SaliencyOptionsSchema>, SaliencyOptions>>;
export type SaliencyOptionsInputMatchSchema = Assert<Same<SaliencyOptionsInput, Partial<SaliencyOptions>>>;
export type MethodIdMatchesSchema = Assert<Same<z.output<typeof MethodIdSchema>, MethodId>>;
