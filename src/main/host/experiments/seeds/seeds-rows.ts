/**
 * The seeds lines over per-seed results (this analysis, and a batch's `collect`): per method and metric,
 * the mean of the per-seed medians with a t interval and a percentile bootstrap, and per metric the
 * paired difference No-Bias RectGrad − RectGrad with its paired t-test.
 */
import { ANALYSIS_METRICS, type AnalysisMetric, type MetricMedian, RECTGRAD_PAIR } from '../../../../shared/experiments/analysis-common.ts';
import { SEEDS_BOOTSTRAP_METHOD, SEEDS_CI_METHOD, SEEDS_LEVEL, type SeedsComparisonRow, type SeedsMethodRow, type SeedsRow } from '../../../../shared/experiments/seeds.ts';
import { bootstrapMeanInterval } from '../../../../shared/bootstrap.ts';
import { pairedTTest, tInterval } from '../../../../shared/t-interval.ts';

const KIND = 'seeds';
export const SEEDS_COMPARISON = `${RECTGRAD_PAIR[1]} - ${RECTGRAD_PAIR[0]}` as const;

/** One seed's maps, summarised: per method, each metric's median over the seed's images. */
export interface SeedMedians {
  seed: number;
  methods: Array<{ method: string; medians: MetricMedian[] }>;
}

export interface BootstrapSettings {
  resamples: number;
  bootstrapSeed: number;
}

const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);

function interval(values: Array<number | null>, config: BootstrapSettings) {
  const defined = values.filter(finite);
  const t = tInterval(defined, SEEDS_LEVEL);
  return { defined, t, bootstrap: bootstrapMeanInterval(defined, { resamples: config.resamples, seed: config.bootstrapSeed, level: SEEDS_LEVEL }) };
}

/** The rows, methods first then the paired comparison (absent when either half of the pair is missing). */
export function seedsRows(results: SeedMedians[], config: BootstrapSettings): SeedsRow[] {
    const seeds = results.map((r) => r.seed);
    const methods = [...new Set(results.flatMap((r) => r.methods.map((m) => m.method)))];
    const value = (r: SeedMedians, method: string, metric: AnalysisMetric) => r.methods.find((m) => m.method === method)?.medians.find((v) => v.metric === metric)?.median ?? null;
    const tooFew = (n: number) => `${n} seed${n === 1 ? '' : 's'} with a value: an interval needs at least 2`;
    const methodRows = methods.flatMap((method) =>
      ANALYSIS_METRICS.map((metric): SeedsMethodRow => {
        const values = results.map((r) => value(r, method, metric));
        const { defined, t, bootstrap } = interval(values, config);
        return {
          analysis: KIND,
          method,
          metric,
          mean: t.mean,
          ci95: t.ci,
          ciMethod: SEEDS_CI_METHOD,
          bootstrap95: bootstrap,
          bootstrapMethod: SEEDS_BOOTSTRAP_METHOD,
          n: defined.length,
          values,
          seeds,
          ...(t.ci === null ? { note: tooFew(defined.length) } : {}),
        };
      }),
    );
    const paired = RECTGRAD_PAIR.every((m) => methods.includes(m));
    const comparisonRows = paired
      ? ANALYSIS_METRICS.map((metric): SeedsComparisonRow => {
          const values = results.map((r) => {
            const a = value(r, RECTGRAD_PAIR[1], metric);
            const b = value(r, RECTGRAD_PAIR[0], metric);
            return finite(a) && finite(b) ? a - b : null;
          });
          const defined = values.filter(finite);
          const test = pairedTTest(defined, SEEDS_LEVEL);
          const bootstrap = bootstrapMeanInterval(defined, { resamples: config.resamples, seed: config.bootstrapSeed, level: SEEDS_LEVEL });
          return {
            analysis: KIND,
            comparison: SEEDS_COMPARISON,
            metric,
            mean: test.mean,
            ci95: test.ci,
            ciMethod: SEEDS_CI_METHOD,
            bootstrap95: bootstrap,
            bootstrapMethod: SEEDS_BOOTSTRAP_METHOD,
            n: defined.length,
            p: test.p,
            t: test.t,
            values,
            seeds,
            ...(test.reason === null ? {} : { note: defined.length < 2 ? tooFew(defined.length) : test.reason }),
          };
        })
      : [];
    return [...methodRows, ...comparisonRows];
}
