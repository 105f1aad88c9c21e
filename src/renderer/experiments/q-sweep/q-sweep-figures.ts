/**
 * The q sweep's figures from its rows: one chart per metric (a curve per method over q, the paper's q
 * marked, n in the title and in each point's tooltip) and the table beside them (a row per q, a cell per
 * metric and method with its own n).
 */
import { PAPER_Q, type QSweepRow } from '../../../shared/experiments/q-sweep.ts';
import type { MethodCurvesSpec } from '../../../shared/chart-options/method-curves.ts';
import { methodsPairFirst, metricAxis, metricLabel, nText } from '../analysis-metrics.ts';

export function sweepQs(rows: readonly QSweepRow[]): number[] {
  return [...new Set(rows.map((r) => r.q))].sort((a, b) => a - b);
}

/**
 * The q values as evenly spaced categories: the qs crowd at the top (95, 98, 99, 99.9) where the
 * maps change most, and a linear axis would draw them as one point.
 */
export function qSweepSpec(rows: readonly QSweepRow[], metric: string): MethodCurvesSpec {
  const of = rows.filter((r) => r.metric === metric);
  const qs = sweepQs(rows);
  const axis = metricAxis(metric);
  const paper = qs.indexOf(PAPER_Q);
  return {
    title: `${metricLabel(metric)} · ${nText(of.map((r) => r.n))}`,
    xName: 'RectGrad percentile q (evenly spaced)',
    xLabels: qs.map(String),
    yName: axis.name,
    yMin: axis.yMin,
    yMax: axis.yMax,
    ...(paper >= 0 ? { markX: { x: paper, label: `paper q = ${PAPER_Q}` } } : {}),
    curves: methodsPairFirst(rows).map((method) => ({
      method,
      points: of
        .filter((r) => r.method === method)
        .sort((a, b) => a.q - b.q)
        .map((r) => ({ x: qs.indexOf(r.q), y: r.median, n: r.n })),
    })),
  };
}
