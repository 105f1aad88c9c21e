/** The sweep's config: defaults filled here, once; the run records exactly what ran. */
import { z } from 'zod';
import { PREPROCESSING_IDS } from '../preprocessing.ts';
import { DEFAULT_MIN_BIN_COUNT } from '../binning.ts';
import { DEFAULT_SWEEP_BINS } from '../sweep.ts';
import { IdSchema, intIn } from '../schemas/common.ts';
import { show } from '../schemas/check.ts';
import { SaliencyOptionsSchema } from '../schemas/saliency.ts';

/**
 * The suppressed-point sweep (issue 9) of a trained black-box run: binned mean |S| of RectGrad and
 * No-Bias RectGrad by raw input value, under the run's own preprocessing and any extra `presets`.
 */
export const SweepExperimentConfigSchema = z.strictObject({
  run: IdSchema,
  bins: intIn(2, 256).default(DEFAULT_SWEEP_BINS),
  /** Bins with fewer elements (pixel channels) take no part in "lowest" or the suppressed band. */
  minBinCount: intIn(1, 1_000_000_000).default(DEFAULT_MIN_BIN_COUNT),
  presets: z.array(z.enum(PREPROCESSING_IDS, { error: (iss) => `expected one of ${PREPROCESSING_IDS.join(', ')}, got ${show(iss.input)}` })).max(PREPROCESSING_IDS.length).default([]),
  /** Test images with a box to explain. */
  limit: intIn(1, 100_000).default(100),
  options: SaliencyOptionsSchema.prefault({}),
  quick: z.boolean().default(false),
});
export type SweepExperimentConfig = z.output<typeof SweepExperimentConfigSchema>;
export type SweepExperimentInput = z.input<typeof SweepExperimentConfigSchema>;
