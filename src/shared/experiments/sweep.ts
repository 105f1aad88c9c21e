/** The suppressed-point sweep: its config (defaults filled here, once; the run records exactly what ran) and its worker call. */
import { z } from 'zod';
import { PREPROCESSING_IDS } from '../preprocessing.ts';
import { DEFAULT_MIN_BIN_COUNT } from '../binning.ts';
import { DEFAULT_SWEEP_BINS } from '../sweep.ts';
import { TrainedRunIdSchema, intIn } from '../schemas/common.ts';
import { show } from '../schemas/check.ts';
import { SaliencyOptionsSchema } from '../schemas/saliency.ts';
import { RunViewParamsSchema } from './common.ts';
import type { PreprocessingId } from '../preprocessing.ts';
import type { TrainPreprocessing } from '../run.ts';
import type { SaliencyOptions } from '../saliency.ts';
import type { SweepResult } from '../sweep.ts';
import type { ProgressEvent } from '../progress.ts';

/**
 * The suppressed-point sweep (issue 9) of a trained black-box run: binned mean |S| of RectGrad and
 * No-Bias RectGrad by raw input value, under the run's own preprocessing and any extra `presets`.
 */
export const SweepExperimentConfigSchema = z.strictObject({
  run: TrainedRunIdSchema,
  bins: intIn(2, 256).default(DEFAULT_SWEEP_BINS).describe('equal bins of the raw input value in [0, 1]; an odd number puts 0.5 at a centre'),
  /** Bins with fewer elements (pixel channels) take no part in "lowest" or the suppressed band. */
  minBinCount: intIn(1, 1_000_000_000).default(DEFAULT_MIN_BIN_COUNT).describe('elements a bin needs to count as the lowest or the suppressed band'),
  presets: z.array(z.enum(PREPROCESSING_IDS, { error: (iss) => `expected one of ${PREPROCESSING_IDS.join(', ')}, got ${show(iss.input)}` })).max(PREPROCESSING_IDS.length).default([]).describe('other presets to feed the same model, one panel each'),
  /** Test images with a box to explain. */
  limit: intIn(1, 100_000).default(100).describe('explain at most N test images with a box'),
  options: SaliencyOptionsSchema.prefault({}),
  quick: z.boolean().default(false).describe('20 images'),
});
export type SweepExperimentConfig = z.output<typeof SweepExperimentConfigSchema>;

/** The params of the app's view of a sweep (experimentView sweep VIEW; results in views.ts). */
export const SweepViewParams = {
  /** A black-box run's last suppressed-point sweep (runs/<id>/sweep.json), null before one ran. */
  result: RunViewParamsSchema,
} as const;
export type SweepExperimentInput = z.input<typeof SweepExperimentConfigSchema>;

/** The suppressed-point sweep (issue 9) of a trained run: its RectGrad pair under its own and other presets. */
export interface SweepJob {
  datasetDir: string;
  datasetSize: number;
  runDir: string;
  testFraction: number;
  seed: number;
  /** What the model was trained on; its preset's panel comes first. */
  preprocessing: TrainPreprocessing;
  /** Other presets to feed the same model (the run's own is skipped if listed). */
  presets: PreprocessingId[];
  bins: number;
  /** Bins with fewer elements take no part in "lowest" (src/shared/binning.ts). */
  minBinCount: number;
  /** At most this many test images with a box. */
  limit: number;
  options: SaliencyOptions;
}

/** The sweep's worker call (src/worker/experiments/sweep/handlers.ts). */
export interface SweepWorkerCalls {
  sweep: { params: SweepJob; event: ProgressEvent; result: SweepResult };
}
