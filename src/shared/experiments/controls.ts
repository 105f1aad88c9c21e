/**
 * Control maps (issue 18, analysis 2) of a trained black-box run: maps that know nothing of the model
 * (random, constant, Sobel edges of the input, the input itself) or only its outputs (occlusion), with
 * every analysis metric computed for them on the test images the run's own maps use, so a reader sees
 * where chance and an edge detector land next to RectGrad and No-Bias RectGrad.
 */
import { z } from 'zod';
import { TrainedRunIdSchema, SeedSchema, intIn, numberIn } from '../schemas/common.ts';
import { show } from '../schemas/check.ts';
import type { ProgressEvent } from '../progress.ts';
import type { TrainPreprocessing } from '../run.ts';
import type { AnalysisMetric, MetricMedian } from './analysis-common.ts';

export const CONTROL_METHODS = ['random', 'constant', 'edges', 'input', 'occlusion'] as const;
export type ControlMethod = (typeof CONTROL_METHODS)[number];

/**
 * What an occluding patch is filled with, in raw [0, 1] units before the run's preprocessing: `mean`,
 * each image's own mean colour, or one grey level. Not black by default: on this dataset black is the
 * box itself, so a black patch would paint a box rather than hide one.
 */
export const OCCLUSION_FILL_MEAN = 'mean';
export type OcclusionFill = typeof OCCLUSION_FILL_MEAN | number;
export const OcclusionFillSchema = z.union([z.literal(OCCLUSION_FILL_MEAN), numberIn(0, 1)], {
  error: (iss) => `expected "${OCCLUSION_FILL_MEAN}" or a grey level in [0, 1], got ${show(iss.input)}`,
});

/** Patches sized for the default dataset's boxes (sides of 1/8 to 1/4 of 64 px: 8 to 16 px). */
export const DEFAULT_OCCLUSION = { patch: 8, stride: 4, fill: OCCLUSION_FILL_MEAN } as const;

export const OcclusionConfigSchema = z
  .strictObject({
    /** Side of the square patch, in pixels. */
    patch: intIn(1, 1024).default(DEFAULT_OCCLUSION.patch).describe('occlusion patch side in pixels'),
    /** Step between patch positions, in pixels. */
    stride: intIn(1, 1024).default(DEFAULT_OCCLUSION.stride).describe('occlusion stride in pixels, at most the patch'),
    fill: OcclusionFillSchema.default(DEFAULT_OCCLUSION.fill).describe("occlusion fill in raw [0, 1] units: each image's mean colour, or a grey level"),
  })
  // A stride past the patch leaves pixels no patch covers: they would get a score of 0 that measured nothing.
  .refine((o) => o.stride <= o.patch, { error: 'a stride larger than the patch side skips pixels between patches (at most the patch side)', path: ['stride'] });
export type OcclusionConfig = z.output<typeof OcclusionConfigSchema>;

export const ControlsConfigSchema = z.strictObject({
  run: TrainedRunIdSchema,
  /** Test images with a box to explain (the first of the run's own test images with a box). */
  limit: intIn(1, 100_000).default(100).describe('explain at most N test images with a box'),
  occlusion: OcclusionConfigSchema.prefault({}),
  /** Seed of the random map (recorded with the analysis: the same seed gives the same maps). */
  seed: SeedSchema.default(1).describe('seed of the random map'),
  quick: z.boolean().default(false).describe('20 images'),
});
export type ControlsConfig = z.output<typeof ControlsConfigSchema>;

/** One `--json` line: a metric of one control map. */
export interface ControlsRow {
  analysis: 'controls';
  method: ControlMethod;
  metric: AnalysisMetric;
  median: number | null;
  n: number;
}

/** One control's maps on a trained run's test images with a box (the worker's `controlMaps` call). */
export interface ControlMapsJob {
  datasetDir: string;
  datasetSize: number;
  /** The run, for its checkpoint (occlusion) and its split. */
  runDir: string;
  testFraction: number;
  /** The run's seed: its split. */
  seed: number;
  limit: number;
  preprocessing: TrainPreprocessing;
  control: ControlMethod;
  /** Seed of the random map. */
  randomSeed: number;
  occlusion: OcclusionConfig;
}

export interface ControlMapsResult {
  control: ControlMethod;
  /** Images explained. */
  images: number;
  medians: MetricMedian[];
  /** Occlusion only: forward passes run (images × patch positions + one unoccluded pass per image). */
  forwardPasses?: number;
}

/** The control maps' worker call (src/worker/experiments/controls/handlers.ts). */
export interface ControlsWorkerCalls {
  controlMaps: { params: ControlMapsJob; event: ProgressEvent; result: ControlMapsResult };
}

/** The run's own methods as the controls were compared with them: medians of its maps' summaries (run.metrics). */
export interface ControlsRunMethod {
  method: string;
  /** Images its maps explained (the first of the controls' images when its maps' limit was smaller). */
  images: number;
  medians: MetricMedian[];
}

/** What the controls' view and report need beyond the rows (AnalysisFile.detail). */
export interface ControlsDetail {
  /** Images each control explained. */
  images: number;
  runMethods: ControlsRunMethod[];
  /** Occlusion's forward passes (images × patch positions + one unoccluded pass per image). */
  forwardPasses: number | null;
}
