/**
 * ECharts option for the concept score S(x) = μ(x)·c on test faces with and without the attribute:
 * two histograms on shared bins, as fractions of each group, with the AUROC that sums them up. Given the
 * glasses style of each face (Eyeglasses), the "with" bars are stacked dark over clear, so a bimodal
 * "with" group reads as the two styles it is, each with its own AUROC.
 */
import type { EyeglassesStyle } from '../faces.ts';
import { AXIS_NAME_GAP, GRID_MARGIN, axisStyle, chartTheme, tooltipStyle } from './chart-theme.ts';

export function conceptScoresOption(
  input: {
    scores: readonly number[];
    labels: readonly number[];
    attribute: string;
    auroc: number;
    bins?: number;
    styles?: readonly EyeglassesStyle[];
    aurocByStyle?: { dark: number | null; clear: number | null };
  },
  opts: { animation?: boolean; dark?: boolean } = {},
): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const bins = input.bins ?? 30;
  const lo = Math.min(...input.scores);
  const hi = Math.max(...input.scores);
  const width = hi > lo ? (hi - lo) / bins : 1;
  /** Histogram of the faces with `label` (and `style`, when given), as fractions of all faces with `label`. */
  const count = (label: number, style?: EyeglassesStyle) => {
    const h = new Array<number>(bins).fill(0);
    let n = 0;
    let group = 0;
    input.scores.forEach((s, i) => {
      if (input.labels[i] !== label) return;
      group++;
      if (style !== undefined && input.styles?.[i] !== style) return;
      h[Math.min(bins - 1, Math.floor((s - lo) / width))]++;
      n++;
    });
    return { h: h.map((v) => (group > 0 ? v / group : 0)), n };
  };
  const withIt = count(1);
  const without = count(0);
  const byStyle = input.styles !== undefined && input.aurocByStyle !== undefined && input.styles.length === input.scores.length;
  const styleAuroc = (v: number | null | undefined) => (typeof v === 'number' ? `, AUROC ${v.toFixed(3)}` : '');
  const withSeries = byStyle
    ? (['dark', 'clear'] as const)
        .map((style, k) => ({ style, k, c: count(1, style) }))
        .filter((x) => x.c.n > 0)
        .map(({ style, k, c }) => ({ name: `with ${style} glasses (n = ${c.n}${styleAuroc(input.aurocByStyle?.[style])})`, type: 'bar', stack: 'with', data: c.h, barGap: '0%', itemStyle: { color: k === 0 ? t.series[1] : t.series[3] } }))
    : [{ name: `with ${input.attribute} (n = ${withIt.n})`, type: 'bar', data: withIt.h, barGap: '0%', itemStyle: { color: t.series[1] } }];
  const centres = Array.from({ length: bins }, (_, k) => +(lo + (k + 0.5) * width).toPrecision(3));
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    title: { text: `concept score on test faces · AUROC ${input.auroc.toFixed(3)}`, left: 8, top: 4, textStyle: { fontSize: 13, color: t.text } },
    tooltip: { trigger: 'axis', ...tooltipStyle(t), valueFormatter: (v: number) => `${(100 * v).toFixed(1)}% of the group` },
    // A plain legend wraps onto a second line where the names do not fit; the wide gap leaves room for
    // fonts wider than the ones ECharts measured with (the report's SVG is laid out on the server).
    legend: { bottom: 0, left: 'center', width: '94%', itemGap: 40, textStyle: { color: t.text } },
    grid: { left: GRID_MARGIN.left, right: 12, top: 36, bottom: 78 },
    xAxis: { type: 'category', data: centres, name: 'S(x) = μ(x)·c', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, ...axisStyle(t), axisLabel: { interval: 4, color: t.muted } },
    yAxis: { type: 'value', name: 'fraction of faces', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.y, ...axisStyle(t), axisLabel: { color: t.muted, formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [...withSeries, { name: `without (n = ${without.n})`, type: 'bar', data: without.h, itemStyle: { color: t.series[0], opacity: 0.8 } }],
  };
}
