/**
 * The RectGrad q sweep (issue 18, analysis 4): RectGrad and No-Bias RectGrad maps of a trained black-box
 * run at each percentile threshold q, every analysis metric as a curve for both halves. RectGrad's exact
 * zeros in a black box come from the final × input, not from q, so they should stay at 1.0 at every q.
 */
import { z } from 'zod';
import { DEFAULT_SALIENCY_OPTIONS } from '../saliency.ts';
import { TrainedRunIdSchema, intIn, numberIn } from '../schemas/common.ts';
import { SaliencyOptionsSchema } from '../schemas/saliency.ts';
import type { AnalysisMetric } from './analysis-common.ts';

/** The thresholds; the paper's q (98) among them. */
export const DEFAULT_Q_VALUES = [0, 50, 80, 90, 95, 98, 99, 99.9] as const;
export const PAPER_Q = DEFAULT_SALIENCY_OPTIONS.q;

export const QSweepConfigSchema = z.strictObject({
  run: TrainedRunIdSchema,
  qs: z
    .array(numberIn(0, 100))
    .min(1)
    .max(64)
    .refine((qs) => new Set(qs).size === qs.length, { error: 'lists a q twice' })
    .default([...DEFAULT_Q_VALUES])
    .describe('RectGrad percentiles'),
  /** Test images with a box to explain. */
  limit: intIn(1, 100_000).default(100).describe('explain at most N test images with a box'),
  /** Options of both methods; `q` is the swept value. */
  options: SaliencyOptionsSchema.omit({ q: true }).prefault({}),
  quick: z.boolean().default(false).describe('20 images, q in 0,90,98,99.9'),
});
export type QSweepConfig = z.output<typeof QSweepConfigSchema>;

/** One `--json` line: a metric of one method at one q. */
export interface QSweepRow {
  analysis: 'q-sweep';
  q: number;
  method: string;
  metric: AnalysisMetric;
  median: number | null;
  n: number;
}
