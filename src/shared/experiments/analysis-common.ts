/**
 * What every analysis of a trained black-box run shares (issue 18): the metrics it reports (the names
 * the run summaries use, each a median over the images where it is defined, with that n), the file it
 * leaves in the run (runs/<id>/analyses/<kind>.json) and the view the app reads it through. Each analysis
 * kind's own rows and config are in src/shared/experiments/<kind>.ts.
 */
import type { MethodSummary } from '../run.ts';
import type { ExperimentKind } from './index.ts';

/**
 * The per-image metrics an analysis reports for a set of maps, by the names the run summaries use. The
 * pointing game is left out: it is a hit rate, not a median, and a row says `median`.
 */
export const ANALYSIS_METRICS = ['boxMassShare', 'zeroFractionInBox', 'enrichment', 'auroc', 'topKIoU'] as const;
export type AnalysisMetric = (typeof ANALYSIS_METRICS)[number];

/** A metric's median over the images where it is defined (null when none is: an all-zero map has no box share), with that n. */
export interface MetricMedian {
  metric: AnalysisMetric;
  median: number | null;
  n: number;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** A method's summary (src/shared/run.ts) as one median per analysis metric, each with its n. */
export function metricMedians(summary: Pick<MethodSummary, AnalysisMetric>): MetricMedian[] {
  return ANALYSIS_METRICS.map((metric) => ({ metric, median: finiteOrNull(summary[metric].median), n: summary[metric].n }));
}

/** runs/<id>/analyses/<kind>.json: one analysis of one run, as it finished. */
export interface AnalysisFile<Row extends object = object, Detail = unknown> {
  analysis: ExperimentKind;
  runId: string;
  /** The analysis' config as it ran (defaults filled). */
  config: Record<string, unknown>;
  /** Engine that computed it. */
  backend: string | null;
  createdAt: string;
  /** Seconds the analysis took in all (resumed work included). */
  seconds: number;
  /** The `--json` lines: one object per line, each with `analysis`. */
  rows: Row[];
  /** What only this kind's view and report need (gallery maps, child runs…). */
  detail?: Detail;
  /** One line each: what the numbers cannot show, or where they are not what their label says. */
  notes: string[];
}

/** The view every analysis kind offers (`experimentView(kind, 'result', { runId })`): its last file for the run, or null. */
export interface AnalysisResultView<Row extends object = object, Detail = unknown> {
  runId: string;
  file: AnalysisFile<Row, Detail> | null;
  /**
   * Steps a killed or cancelled analysis finished (kept for a resume), of how many, and the config they ran
   * with (start the kind with exactly it to go on; another config starts afresh); null when none is pending.
   */
  pending: { done: number; total: number; config: Record<string, unknown> | null } | null;
}

/** RectGrad and its No-Bias half: the pair every analysis shows side by side. */
export const RECTGRAD_PAIR = ['rectgrad', 'nobias-rectgrad'] as const;
