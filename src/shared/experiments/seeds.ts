/**
 * Seeds (issue 18, analysis 5; METHODS.md "Seeds"): the run's black-box experiment again with each seed
 * (the dataset draw, the initialisation, the batch order and so the explained images), the run itself
 * standing for its own seed. Per method and metric: the mean over seeds of the per-seed medians, with a
 * 95 % Student t interval (k − 1 degrees of freedom) and a seeded percentile bootstrap over seeds; per
 * metric the paired difference No-Bias RectGrad − RectGrad across seeds, with its t interval and paired
 * t-test. With fewer than 2 seeds an interval or a p is null, with a note saying why.
 */
import { z } from 'zod';
import { TrainedRunIdSchema, SeedSchema, intIn } from '../schemas/common.ts';
import type { AnalysisMetric } from './analysis-common.ts';

/** The example: 3 seeds, the run's own among them when it was seed 1. */
export const DEFAULT_SEEDS = [1, 2, 3] as const;
/** Coverage of both intervals. */
export const SEEDS_LEVEL = 0.95;

export const SeedsConfigSchema = z.strictObject({
  run: TrainedRunIdSchema,
  seeds: z
    .array(SeedSchema)
    .min(1)
    .max(50)
    .refine((s) => new Set(s).size === s.length, { error: 'lists a seed twice' })
    .default([...DEFAULT_SEEDS])
    .describe('seeds of the dataset draw and the training; the run stands for its own'),
  /** Bootstrap resamples over seeds. */
  resamples: intIn(100, 1_000_000).default(10_000).describe('bootstrap resamples over seeds'),
  /** The bootstrap's own seed, so the interval repeats exactly. */
  bootstrapSeed: SeedSchema.default(1).describe("the bootstrap's own seed"),
  quick: z.boolean().default(false).describe('2000 bootstrap resamples (each seed runs the run\'s own recipe)'),
});
export type SeedsConfig = z.output<typeof SeedsConfigSchema>;

/** Which interval `ci95` is, said in every row (METHODS.md: say which one a figure shows). */
export const SEEDS_CI_METHOD = 'student-t' as const;
export const SEEDS_BOOTSTRAP_METHOD = 'percentile-bootstrap' as const;

/** What both kinds of seeds line carry: a metric across seeds, its intervals and the per-seed values. */
interface SeedsInterval {
  analysis: 'seeds';
  metric: AnalysisMetric;
  /** Mean over the seeds with a value (`n` of them); null when none had. */
  mean: number | null;
  /** Student t interval, n − 1 degrees of freedom; null below 2 seeds. */
  ci95: [number, number] | null;
  ciMethod: typeof SEEDS_CI_METHOD;
  /** Percentile bootstrap over seeds (seeded); null below 2 seeds. */
  bootstrap95: [number, number] | null;
  bootstrapMethod: typeof SEEDS_BOOTSTRAP_METHOD;
  /** Seeds with a value. */
  n: number;
  /** Per seed, in `seeds` order (null where undefined, e.g. all maps zero). */
  values: Array<number | null>;
  seeds: number[];
  /** Why an interval or p is null, when it is. */
  note?: string;
}

/** One `--json` line: a metric of one method across seeds (each value the median over that seed's images). */
export interface SeedsMethodRow extends SeedsInterval {
  method: string;
}

/** One `--json` line: the paired difference No-Bias − RectGrad of one metric across seeds. */
export interface SeedsComparisonRow extends SeedsInterval {
  comparison: 'nobias-rectgrad - rectgrad';
  /** Two-sided paired t-test of the differences against 0; null below 2 seeds or with no spread. */
  p: number | null;
  t: number | null;
}

export type SeedsRow = SeedsMethodRow | SeedsComparisonRow;

export function isComparisonRow(r: SeedsRow): r is SeedsComparisonRow {
  return 'comparison' in r;
}

/** One seed's experiment: the run itself (its own seed) or the run made for the seed. */
export interface SeedRun {
  seed: number;
  runId: string;
  reused: boolean;
  testAccuracy: number | null;
  images: number;
}

export interface SeedsDetail {
  runs: SeedRun[];
  level: number;
  resamples: number;
  bootstrapSeed: number;
}
