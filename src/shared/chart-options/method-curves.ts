/**
 * ECharts option for one metric of an analysis against a swept value (RectGrad's q, the randomisation
 * step, the control arm…): one line per method, its n in the tooltip, an optional marked x (the paper's
 * q = 98). Used by the app and, rendered to SVG, by the report, so both show the same figure.
 */
import { AXIS_NAME_GAP, GRID_MARGIN, axisStyle, chartFrame, chartTheme, fmtNumber, tooltipStyle } from './chart-theme.ts';
import { legendExtra } from './legend-rows.ts';

export interface CurvePoint {
  x: number;
  /** null where the metric is undefined (an all-zero map has no box share): a gap, never a 0. */
  y: number | null;
  n: number;
}

export interface MethodCurvesSpec {
  title: string;
  xName: string;
  yName: string;
  /** Category labels for x when x is a step index (layer names); numeric axis when absent. */
  xLabels?: string[];
  curves: Array<{ method: string; points: CurvePoint[] }>;
  /** A marked x: its index into xLabels when categorical. */
  markX?: { x: number; label: string };
  yMin?: number;
  yMax?: number;
}

export function methodCurvesOption(spec: MethodCurvesSpec, opts: { dark?: boolean; animation?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const categorical = spec.xLabels !== undefined;
  return {
    ...chartFrame(t, spec.title, opts),
    tooltip: {
      trigger: 'item',
      ...tooltipStyle(t),
      formatter: (p: { seriesName: string; data: { value: [number | string, number | null]; n: number } }) =>
        `${p.seriesName}<br/>${spec.xName} ${p.data.value[0]}: ${p.data.value[1] === null ? 'undefined' : fmtNumber(p.data.value[1])} (n = ${p.data.n})`,
    },
    legend: { bottom: 0, itemGap: 14, textStyle: { color: t.text }, data: spec.curves.map((c) => c.method) },
    // A legend that wraps gets its own room: the axis name sits above it, not under it.
    grid: { left: GRID_MARGIN.left, right: 24, top: 38, bottom: GRID_MARGIN.bottom + legendExtra(spec.curves.map((c) => c.method)) },
    xAxis: categorical
      ? { type: 'category', data: spec.xLabels, name: spec.xName, nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, ...axisStyle(t) }
      : { type: 'value', scale: true, name: spec.xName, nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, ...axisStyle(t) },
    yAxis: { type: 'value', name: spec.yName, nameLocation: 'middle', nameGap: AXIS_NAME_GAP.y, min: spec.yMin, max: spec.yMax, ...axisStyle(t) },
    series: spec.curves.map((c, i) => ({
      name: c.method,
      type: 'line',
      connectNulls: false,
      symbolSize: 6,
      lineStyle: { color: t.series[i % t.series.length], width: 2 },
      itemStyle: { color: t.series[i % t.series.length] },
      data: c.points.map((p) => ({ value: [categorical ? spec.xLabels![p.x] : p.x, p.y], n: p.n })),
      ...(i === 0 && spec.markX !== undefined
        ? { markLine: { symbol: 'none', label: { formatter: spec.markX.label, position: 'insideEndTop', color: t.muted }, lineStyle: { color: t.axis, type: 'dashed' }, data: [{ xAxis: categorical ? spec.xLabels![spec.markX.x] : spec.markX.x }] } }
        : {}),
    })),
  };
}
