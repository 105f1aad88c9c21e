/**
 * ECharts option for one metric of several methods under a few unordered conditions (the control arm's
 * input encodings): a group of bars per condition, a bar (and legend entry) per method, n in each bar's
 * tooltip, an undefined value left out (never drawn as 0). Bars rather than lines: the conditions have no
 * order for a line to follow. Used by the app; the report can draw the same.
 */
import { AXIS_NAME_GAP, GRID_MARGIN, axisStyle, chartFrame, chartTheme, fmtNumber, tooltipStyle } from './chart-theme.ts';
import { legendExtra } from './legend-rows.ts';

export interface GroupedBarsSpec {
  title: string;
  xName: string;
  /** The value axis' name, with its unit. */
  yName: string;
  categories: string[];
  series: Array<{ name: string; values: Array<{ y: number | null; n: number } | null> }>;
  yMin?: number;
  yMax?: number;
}

export function groupedBarsOption(spec: GroupedBarsSpec, opts: { dark?: boolean; animation?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  return {
    ...chartFrame(t, spec.title, opts),
    tooltip: {
      trigger: 'item',
      ...tooltipStyle(t),
      formatter: (p: { seriesName: string; name: string; data: { value: number | null; n: number } }) =>
        `${p.seriesName}<br/>${p.name}: ${p.data.value === null ? 'undefined' : fmtNumber(p.data.value)} (n = ${p.data.n})`,
    },
    legend: { bottom: 0, itemGap: 14, textStyle: { color: t.text }, data: spec.series.map((s) => s.name) },
    grid: { left: GRID_MARGIN.left, right: 24, top: 38, bottom: GRID_MARGIN.bottom + legendExtra(spec.series.map((s) => s.name)) },
    xAxis: { type: 'category', data: spec.categories, name: spec.xName, nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, ...axisStyle(t), splitLine: { show: false } },
    yAxis: { type: 'value', name: spec.yName, nameLocation: 'middle', nameGap: AXIS_NAME_GAP.y, min: spec.yMin, max: spec.yMax, ...axisStyle(t) },
    series: spec.series.map((s, i) => ({
      name: s.name,
      type: 'bar',
      barMaxWidth: 22,
      itemStyle: { color: t.series[i % t.series.length] },
      data: s.values.map((v) => ({ value: v?.y ?? null, n: v?.n ?? 0 })),
    })),
  };
}
