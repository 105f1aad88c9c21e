/** Experiment 1's config (the black box): defaults filled here, once; the run records exactly what ran. */
import { z } from 'zod';
import { DEFAULT_BLACKBOX_DATASET } from '../dataset.ts';
import { BlackboxDatasetConfigSchema } from '../schemas/dataset.ts';
import { TrainOptionsSchema } from '../schemas/run.ts';
import { ExperimentMapsSchema, withDefaults } from './common.ts';

/** Experiment 1 (METHODS.md, paper Fig. 1): dataset → training → maps → metrics → report. */
export const BlackboxExperimentConfigSchema = z.strictObject({
  dataset: z.preprocess(withDefaults(DEFAULT_BLACKBOX_DATASET), BlackboxDatasetConfigSchema),
  train: TrainOptionsSchema.prefault({}),
  maps: ExperimentMapsSchema.prefault({}),
  quick: z.boolean().default(false),
});
export type BlackboxExperimentConfig = z.output<typeof BlackboxExperimentConfigSchema>;
export type BlackboxExperimentInput = z.input<typeof BlackboxExperimentConfigSchema>;
