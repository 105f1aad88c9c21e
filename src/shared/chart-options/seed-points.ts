/**
 * ECharts option for a quantity measured once per seed (issue 18, seeds): per group (a method, or a
 * paired difference) every seed's value as a point, spread sideways so equal values stay visible, the
 * mean as a bar-free marker and its 95 % interval as a vertical segment. The points are the data; a bar
 * alone would hide that there are only k of them. Used by the report (as SVG) and the app alike.
 */
import { AXIS_NAME_GAP, GRID_MARGIN, axisStyle, chartFrame, chartTheme, fmtNumber, tooltipStyle } from './chart-theme.ts';

export interface SeedPointsGroup {
  label: string;
  mean: number | null;
  /** The interval drawn (the spec's `intervalName` says which); null: none (fewer than 2 seeds). */
  ci: [number, number] | null;
  points: Array<{ seed: number; value: number | null }>;
}

export interface SeedPointsSpec {
  title: string;
  yName: string;
  /** E.g. "95 % t interval". */
  intervalName: string;
  groups: SeedPointsGroup[];
  /** A dashed line at y = 0 (for differences). */
  zeroLine?: boolean;
  yMin?: number;
  yMax?: number;
}

export function seedPointsOption(spec: SeedPointsSpec, opts: { dark?: boolean; animation?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const g = spec.groups.length;
  // Points to the left of the group's centre, spread over [−0.32, −0.08]; the mean and its interval to the right (+0.12): neither hides the other.
  const spread = (j: number, k: number) => (k <= 1 ? -0.2 : -0.32 + (0.24 * j) / (k - 1));
  const SUMMARY = 0.12;
  const points = spec.groups.flatMap((grp, i) =>
    grp.points.flatMap((p, j) => (p.value === null ? [] : [{ value: [i + spread(j, grp.points.length), p.value], seed: p.seed, group: grp.label }])),
  );
  const means = spec.groups.flatMap((grp, i) => (grp.mean === null ? [] : [{ value: [i + SUMMARY, grp.mean], group: grp.label, ci: grp.ci }]));
  const intervals = spec.groups.flatMap((grp, i) =>
    grp.ci === null
      ? []
      : [
          {
            name: spec.intervalName,
            type: 'line',
            symbol: 'none',
            silent: true,
            lineStyle: { color: t.text, width: 2 },
            itemStyle: { color: t.text },
            xAxisIndex: 1,
            data: [
              [i + SUMMARY, grp.ci[0]],
              [i + SUMMARY, grp.ci[1]],
            ],
          },
        ],
  );
  return {
    ...chartFrame(t, spec.title, opts),
    tooltip: {
      trigger: 'item',
      ...tooltipStyle(t),
      formatter: (p: { seriesName: string; data: { value: [number, number]; seed?: number; group: string; ci?: [number, number] | null } }) =>
        p.data.seed !== undefined
          ? `${p.data.group}<br/>seed ${p.data.seed}: ${fmtNumber(p.data.value[1])}`
          : `${p.data.group}<br/>mean ${fmtNumber(p.data.value[1])}${p.data.ci ? `<br/>${spec.intervalName} [${fmtNumber(p.data.ci[0])}, ${fmtNumber(p.data.ci[1])}]` : ''}`,
    },
    legend: { bottom: 0, itemGap: 14, textStyle: { color: t.text }, data: ['per seed', 'mean', ...(intervals.length > 0 ? [spec.intervalName] : [])] },
    grid: { left: GRID_MARGIN.left, right: 24, top: 38, bottom: GRID_MARGIN.bottom },
    // A category axis for the labels (group i in the middle of band i) over a hidden value axis the
    // series use, spanning the same bands, so a point can sit beside its group's centre.
    xAxis: [
      { type: 'category', data: spec.groups.map((grp) => grp.label), boundaryGap: true, ...axisStyle(t), splitLine: { show: false } },
      { type: 'value', min: -0.5, max: g - 0.5, show: false },
    ],
    yAxis: { type: 'value', name: spec.yName, nameLocation: 'middle', nameGap: AXIS_NAME_GAP.y, min: spec.yMin, max: spec.yMax, ...axisStyle(t), axisLine: { onZero: false, lineStyle: { color: t.axis } } },
    series: [
      ...intervals,
      {
        name: 'per seed',
        type: 'scatter',
        xAxisIndex: 1,
        symbolSize: 7,
        itemStyle: { color: t.series[0], opacity: 0.75 },
        data: points,
        ...(spec.zeroLine ? { markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { color: t.axis, type: 'dashed' }, data: [{ yAxis: 0 }] } } : {}),
      },
      { name: 'mean', type: 'scatter', xAxisIndex: 1, symbol: 'diamond', symbolSize: 13, itemStyle: { color: t.series[1] }, data: means },
    ],
  };
}
