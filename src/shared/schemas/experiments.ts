/**
 * The config of each experiment kind (src/shared/experiments.ts), validated once at the host's edge
 * whichever door started it. Defaults are filled here, so a run records exactly what ran.
 */
import { z } from 'zod';
import { DEFAULT_BLACKBOX_DATASET } from '../dataset.ts';
import { SALIENCY_METHOD_IDS } from '../saliency.ts';
import { intIn } from './common.ts';
import { BlackboxDatasetConfigSchema } from './dataset.ts';
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

/** Deep enough for experiment configs: objects merge field by field, everything else is replaced. */
export function mergeUnder(preset: Record<string, unknown>, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...preset };
  for (const [k, v] of Object.entries(input)) out[k] = isRecord(v) && isRecord(out[k]) ? mergeUnder(out[k] as Record<string, unknown>, v) : v;
  return out;
}
