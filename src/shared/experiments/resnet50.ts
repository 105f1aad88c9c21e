/** Experiment 3: its config (defaults filled here, once; the run records exactly what ran) and its worker call. */
import { z } from 'zod';
import { KerasGraphSchema } from '../schemas/models.ts';
import { PREPROCESSING_IDS } from '../preprocessing.ts';
import { DEFAULT_MIN_BIN_COUNT } from '../binning.ts';
import { IdSchema, intIn } from '../schemas/common.ts';
import { MethodNameSchema } from '../schemas/saliency.ts';
import { show } from '../schemas/check.ts';
import { MAX_INPUT_BYTES, imagesMemoryProblem } from '../memory-limits.ts';
import { ExperimentMapsSchema, RunViewParamsSchema } from './common.ts';
import type { ModelMapsJob, ModelMapsResult } from '../models.ts';
import type { ProgressEvent } from '../progress.ts';

/**
 * Experiment 3 (METHODS.md, paper Fig. 3): a pretrained model (the Keras ResNet50 weights by default, or
 * any model file or cached model) explains images under a preprocessing preset; the numbers say how the
 * maps treat the preset's zero point. `class`: an index or an ImageNet name; absent: each image's top class.
 */
export const Resnet50ExperimentConfigSchema = z.strictObject({
  weights: z.string().min(1).max(4096).default('keras').describe('keras (download the ImageNet weights), a .h5 / TF.js model path, or a cached model'),
  images: z.string().min(1).max(4096).optional().meta({ description: 'a folder of images', defaultHelp: 'built-in generated images' }),
  /** Built-in generated images when no folder is given. */
  count: intIn(1, 256).default(8).describe('generated images when no folder is given'),
  seed: intIn(0, 2 ** 31 - 1).default(1).describe('seed of the generated images'),
  class: z.union([intIn(0, 1_000_000), z.string().min(1).max(200)]).optional().meta({ description: 'class to explain, index or ImageNet name', defaultHelp: 'each image’s top class' }),
  preset: z.enum(PREPROCESSING_IDS, { error: (iss) => `expected one of ${PREPROCESSING_IDS.join(', ')}, got ${show(iss.input)}` }).optional().meta({ description: 'preprocessing', defaultHelp: 'the model’s own' }),
  /** Keras ResNet .h5 only (issue 15, item 3): absent, the cached model's choice, else pool1-pad. */
  kerasGraph: KerasGraphSchema.optional().describe('graph for the original Keras 1 ResNet50 file: with pool1_pad before the stem max-pool (keras-applications ≥ 1.0.6; default) or without (Keras ≤ 2.2.2)'),
  size: intIn(4, 1024).default(224).describe('input side in pixels'),
  bins: intIn(2, 100).default(10).describe('equal bins of the distance to the zero point in [0, 1]'),
  /** Distance bins with fewer elements take no part in "lowest". */
  minBinCount: intIn(1, 1_000_000_000).default(DEFAULT_MIN_BIN_COUNT).describe('elements a bin needs to count as the lowest'),
  maps: ExperimentMapsSchema.prefault({}),
  quick: z.boolean().default(false).describe('a small run for trying it out'),
}).superRefine((c, ctx) => {
  // Generated images are all made at once (a folder's are counted when read: see the worker).
  if (c.images !== undefined) return;
  const memory = imagesMemoryProblem(c.count, c.size, 4, MAX_INPUT_BYTES, 'images');
  if (memory !== null) ctx.addIssue({ code: 'custom', path: ['count'], message: memory });
});
export type Resnet50ExperimentConfig = z.output<typeof Resnet50ExperimentConfigSchema>;

/**
 * The params of the app's views of experiment 3 (experimentView resnet50 VIEW; results in views.ts,
 * readers in src/main/host/experiments/resnet50/views.ts).
 */
export const Resnet50ViewParams = {
  /** The run: model, preset and zero point, top-5, per-method zero-point numbers. */
  run: RunViewParamsSchema,
  /** One map (image `index` in the run's order) with its Fig. 3b points. */
  map: z.strictObject({ runId: IdSchema, method: MethodNameSchema, index: intIn(0, 2 ** 31 - 1) }),
  /** One input image, raw RGB. */
  input: z.strictObject({ runId: IdSchema, index: intIn(0, 2 ** 31 - 1) }),
} as const;

/** Experiment 3's worker call, its maps stage (payloads in src/shared/models.ts; the model is inspected by the core's inspectModel). */
export interface Resnet50WorkerCalls {
  modelMaps: { params: ModelMapsJob; event: ProgressEvent; result: ModelMapsResult };
}
