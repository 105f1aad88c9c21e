/**
 * What the kinds' configs share (each kind's own schema is in src/shared/experiments/<kind>.ts, validated
 * once at the host's edge whichever door started it; defaults are filled there, so a run records exactly
 * what ran): defaults for a nested object, the maps stage, and the merge of a quick preset under a config.
 */
import { z } from 'zod';
import { SALIENCY_METHOD_IDS } from '../saliency.ts';
import { IdSchema, intIn } from '../schemas/common.ts';
import { MapsRequestSchema } from '../schemas/lab-api.ts';
import { SaliencyOptionsSchema } from '../schemas/saliency.ts';

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields not given take the defaults; anything that is not an object is left for the schema to refuse. */
export function withDefaults<T extends object>(defaults: T) {
  return (v: unknown) => (v === undefined ? { ...defaults } : isRecord(v) ? { ...defaults, ...v } : v);
}

/** The maps stage of an experiment: every method unless told, on every test image unless limited. */
export const ExperimentMapsSchema = z.strictObject({
  methods: MapsRequestSchema.shape.methods.default([...SALIENCY_METHOD_IDS]).describe('comma-separated method ids'),
  options: SaliencyOptionsSchema.prefault({}),
  limit: intIn(1, 100_000).optional().describe('explain at most N images (the run’s test images, or the folder’s); all when not given'),
});

/** The params of a view of one run (experimentView; each kind's views are in src/shared/experiments/views.ts). */
export const RunViewParamsSchema = z.strictObject({ runId: IdSchema });

/** Deep enough for experiment configs: objects merge field by field, everything else is replaced. */
export function mergeUnder(preset: Record<string, unknown>, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...preset };
  for (const [k, v] of Object.entries(input)) out[k] = isRecord(v) && isRecord(out[k]) ? mergeUnder(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** Sets `value` at a dotted path (`train.epochs`), creating the objects on the way: how a flag or a form field fills a config. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}
