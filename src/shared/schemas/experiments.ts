/**
 * The config of each experiment kind (src/shared/experiments.ts), validated once at the host's edge
 * whichever door started it. Defaults are filled here, so a run records exactly what ran.
 */
import { z } from 'zod';
import { KerasGraphSchema } from './models.ts';
import { DEFAULT_BLACKBOX_DATASET } from '../dataset.ts';
import { SALIENCY_METHOD_IDS } from '../saliency.ts';
import { PREPROCESSING_IDS } from '../preprocessing.ts';
import { DEFAULT_MIN_BIN_COUNT } from '../binning.ts';
import { DEFAULT_SWEEP_BINS } from '../sweep.ts';
import { IdSchema, intIn } from './common.ts';
import { show } from './check.ts';
import { BlackboxDatasetConfigSchema } from './dataset.ts';
import { MAX_INPUT_BYTES, imagesMemoryProblem } from '../memory-limits.ts';
import { MapsRequestSchema } from './lab-api.ts';
import { TrainOptionsSchema } from './run.ts';
import { SaliencyOptionsSchema } from './saliency.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields not given take the defaults; anything that is not an object is left for the schema to refuse. */
export function withDefaults<T extends object>(defaults: T) {
  return (v: unknown) => (v === undefined ? { ...defaults } : isRecord(v) ? { ...defaults, ...v } : v);
}

/** The maps stage of an experiment: every method unless told, on every test image unless limited. */
export const ExperimentMapsSchema = z.strictObject({
  methods: MapsRequestSchema.shape.methods.default([...SALIENCY_METHOD_IDS]),
  options: SaliencyOptionsSchema.prefault({}),
  limit: intIn(1, 100_000).optional(),
});

/** Experiment 1 (METHODS.md, paper Fig. 1): dataset → training → maps → metrics → report. */
export const BlackboxExperimentConfigSchema = z.strictObject({
  dataset: z.preprocess(withDefaults(DEFAULT_BLACKBOX_DATASET), BlackboxDatasetConfigSchema),
  train: TrainOptionsSchema.prefault({}),
  maps: ExperimentMapsSchema.prefault({}),
  quick: z.boolean().default(false),
});
export type BlackboxExperimentConfig = z.output<typeof BlackboxExperimentConfigSchema>;
export type BlackboxExperimentInput = z.input<typeof BlackboxExperimentConfigSchema>;

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

/**
 * Experiment 3 (METHODS.md, paper Fig. 3): a pretrained model (the Keras ResNet50 weights by default, or
 * any model file or cached model) explains images under a preprocessing preset; the numbers say how the
 * maps treat the preset's zero point. `class`: an index or an ImageNet name; absent: each image's top class.
 */
export const Resnet50ExperimentConfigSchema = z.strictObject({
  weights: z.string().min(1).max(4096).default('keras'),
  images: z.string().min(1).max(4096).optional(),
  /** Built-in generated images when no folder is given. */
  count: intIn(1, 256).default(8),
  seed: intIn(0, 2 ** 31 - 1).default(1),
  class: z.union([intIn(0, 1_000_000), z.string().min(1).max(200)]).optional(),
  preset: z.enum(PREPROCESSING_IDS, { error: (iss) => `expected one of ${PREPROCESSING_IDS.join(', ')}, got ${show(iss.input)}` }).optional(),
  /** Keras ResNet .h5 only (issue 15, item 3): absent, the cached model's choice, else pool1-pad. */
  kerasGraph: KerasGraphSchema.optional(),
  size: intIn(4, 1024).default(224),
  bins: intIn(2, 100).default(10),
  /** Distance bins with fewer elements take no part in "lowest". */
  minBinCount: intIn(1, 1_000_000_000).default(DEFAULT_MIN_BIN_COUNT),
  maps: ExperimentMapsSchema.prefault({}),
  quick: z.boolean().default(false),
}).superRefine((c, ctx) => {
  // Generated images are all made at once (a folder's are counted when read: see the worker).
  if (c.images !== undefined) return;
  const memory = imagesMemoryProblem(c.count, c.size, 4, MAX_INPUT_BYTES, 'images');
  if (memory !== null) ctx.addIssue({ code: 'custom', path: ['count'], message: memory });
});
export type Resnet50ExperimentConfig = z.output<typeof Resnet50ExperimentConfigSchema>;

/** Deep enough for experiment configs: objects merge field by field, everything else is replaced. */
export function mergeUnder(preset: Record<string, unknown>, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...preset };
  for (const [k, v] of Object.entries(input)) out[k] = isRecord(v) && isRecord(out[k]) ? mergeUnder(out[k] as Record<string, unknown>, v) : v;
  return out;
}
