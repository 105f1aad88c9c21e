/**
 * The seeds analysis' figures: per metric every method's per-seed medians as points with their mean and
 * 95 % t interval (the report's figure, from the same builder), and the paired differences No-Bias −
 * RectGrad of every metric on one chart with 0 marked: where an interval clears 0 the pair differs across
 * seeds. Enrichment (a ratio with no upper bound) stays in the table so the fractions share one axis.
 */
import { isComparisonRow, type SeedsComparisonRow, type SeedsMethodRow, type SeedsRow } from '../../../shared/experiments/seeds.ts';
import type { SeedPointsGroup, SeedPointsSpec } from '../../../shared/chart-options/seed-points.ts';
import { methodsPairFirst, metricAxis, metricLabel, metricsInOrder } from '../analysis-metrics.ts';

export const INTERVAL_NAME = '95 % t interval';

export function methodRows(rows: readonly SeedsRow[]): SeedsMethodRow[] {
  return rows.filter((r): r is SeedsMethodRow => !isComparisonRow(r));
}

export function comparisonRows(rows: readonly SeedsRow[]): SeedsComparisonRow[] {
  return rows.filter(isComparisonRow);
}

const group = (label: string, r: SeedsMethodRow | SeedsComparisonRow): SeedPointsGroup => ({ label, mean: r.mean, ci: r.ci95, points: r.values.map((value, i) => ({ seed: r.seeds[i], value })) });

/** "n = 3 seeds", or "n = 2–3 seeds" where a metric was undefined for some. */
function seedsText(rows: ReadonlyArray<{ n: number }>): string {
  const ns = rows.map((r) => r.n);
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  return ns.length === 0 ? 'no seeds' : `n = ${lo === hi ? hi : `${lo}–${hi}`} seed${hi === 1 ? '' : 's'}`;
}

export function seedsMetricSpec(rows: readonly SeedsRow[], metric: string): SeedPointsSpec {
  const of = methodRows(rows).filter((r) => r.metric === metric);
  const axis = metricAxis(metric);
  return {
    title: `${metricLabel(metric)} · ${seedsText(of)}`,
    yName: axis.name.replace(/^median/, 'median per seed'),
    intervalName: INTERVAL_NAME,
    yMin: axis.yMin,
    yMax: axis.yMax,
    groups: methodsPairFirst(of).map((method) => group(method, of.find((r) => r.method === method)!)),
  };
}

/** The paired differences' metrics on the shared axis (enrichment left to the table). */
export function differenceMetrics(rows: readonly SeedsRow[]): string[] {
  return metricsInOrder(comparisonRows(rows)).filter((m) => m !== 'enrichment');
}

/** The difference chart's x labels: four metrics share ~80 px each, and ECharts hides labels that overlap. */
const SHORT: Record<string, string> = { boxMassShare: 'box share', zeroFractionInBox: 'zeros in box', auroc: 'AUROC', topKIoU: 'top-k IoU' };

export function seedsDifferenceSpec(rows: readonly SeedsRow[]): SeedPointsSpec {
  const comparisons = comparisonRows(rows);
  const metrics = differenceMetrics(rows);
  const of = metrics.map((m) => comparisons.find((r) => r.metric === m)!);
  return {
    title: `${comparisons[0]?.comparison.replace(' - ', ' − ') ?? 'paired difference'} · ${seedsText(of)}`,
    yName: 'difference of per-seed medians',
    intervalName: INTERVAL_NAME,
    zeroLine: true,
    groups: of.map((r) => group(SHORT[r.metric] ?? metricLabel(r.metric), r)),
  };
}
