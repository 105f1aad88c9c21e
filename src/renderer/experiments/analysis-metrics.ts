/**
 * The analysis metrics as the panels draw them: a title in the words the rest of the app uses
 * (metric-info.ts), a y-axis name with the unit, the axis range every run shares (a fraction is drawn on
 * [0, 1], so two panels compare at a glance), and the n a chart's title states.
 */
import { ANALYSIS_METRICS, type AnalysisMetric, RECTGRAD_PAIR } from '../../shared/experiments/analysis-common.ts';
import { METRICS } from '../metric-info.ts';

export function metricLabel(metric: string): string {
  return METRICS.find((m) => m.key === metric)?.label ?? metric;
}

export function metricDefinition(metric: string): string {
  return METRICS.find((m) => m.key === metric)?.definition ?? '';
}

const AXIS: Record<AnalysisMetric, { name: string; yMin?: number; yMax?: number }> = {
  boxMassShare: { name: 'median, share of Σ|S| (0–1)', yMin: 0, yMax: 1 },
  zeroFractionInBox: { name: 'median, share of box pixels (0–1)', yMin: 0, yMax: 1 },
  enrichment: { name: 'median, × uniform (1 = chance)', yMin: 0 },
  auroc: { name: 'median AUROC (0.5 = chance)', yMin: 0, yMax: 1 },
  topKIoU: { name: 'median IoU with box (0–1)', yMin: 0, yMax: 1 },
};

export function metricAxis(metric: string): { name: string; yMin?: number; yMax?: number } {
  return AXIS[metric as AnalysisMetric] ?? { name: 'median' };
}

/** "n = 20", or "n = 14–20" when the points stand on different counts (a metric undefined on some maps). */
export function nText(ns: readonly number[]): string {
  if (ns.length === 0) return 'n = 0';
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  return lo === hi ? `n = ${hi}` : `n = ${lo}–${hi}`;
}

/** A median as the tables print it: 3 decimals, a ratio with ×, '–' where undefined. */
export function formatMedian(metric: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return metric === 'enrichment' ? `${v.toFixed(2)}×` : v.toFixed(3);
}

/** The methods rows name, the RectGrad pair first (the paper's comparison), the rest as they come. */
export function methodsPairFirst(rows: ReadonlyArray<{ method: string }>): string[] {
  const present = [...new Set(rows.map((r) => r.method))];
  return [...RECTGRAD_PAIR.filter((m) => present.includes(m)), ...present.filter((m) => !(RECTGRAD_PAIR as readonly string[]).includes(m))];
}

/** The metrics rows name, in the order the run summaries use, unknown ones last. */
export function metricsInOrder(rows: ReadonlyArray<{ metric: string }>): string[] {
  const present = new Set(rows.map((r) => r.metric));
  return [...ANALYSIS_METRICS.filter((m) => present.has(m)), ...[...present].filter((m) => !(ANALYSIS_METRICS as readonly string[]).includes(m))];
}
