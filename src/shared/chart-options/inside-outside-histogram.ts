/**
 * ECharts option for Fig. 1c: the distribution of per-map normalised scores inside vs outside the box,
 * as fractions of each region's pixels (so the small box is visible next to the large background),
 * on fixed bin edges over [−1, 1]. A log y axis shows the tails that the spike at 0 otherwise hides.
 */
import { AXIS_NAME_GAP, GRID_MARGIN, axisStyle, chartTheme, tooltipStyle } from './chart-theme.ts';

export interface HistogramInput {
  edges: readonly number[];
  inside: readonly number[];
  outside: readonly number[];
  title: string;
}

export function insideOutsideHistogramOption(h: HistogramInput, opts: { animation?: boolean; dark?: boolean; logY?: boolean } = {}): Record<string, unknown> {
  const norm = (v: readonly number[]) => {
    const t = v.reduce((a, b) => a + b, 0) || 1;
    return v.map((x) => x / t);
  };
  // Categories are labelled by their left edge; only the round edges (multiples of 0.5: −1, −0.5, 0,
  // 0.5) carry a label and a tick, whatever the bin count, and 0 gets a dashed line of its own.
  const starts = h.edges.slice(0, -1).map((e) => +e.toFixed(3));
  const round = (i: number) => Math.abs(starts[i] * 2 - Math.round(starts[i] * 2)) < 1e-6;
  const zeroAt = starts.findIndex((v) => v === 0);
  const t = chartTheme(opts.dark);
  // A log axis cannot show 0: empty bins become gaps rather than a bar to −∞.
  const shown = (v: number[]) => (opts.logY ? v.map((x) => (x > 0 ? x : null)) : v);
  // Bars on a log axis grow from its start value (a power of ten under the smallest fraction), not from 0.
  const positive = [...norm(h.inside), ...norm(h.outside)].filter((v) => v > 0);
  const logFloor = positive.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...positive))) : 1e-4;
  const pctText = (v: number | null) => (v === null || v === 0 ? '0%' : v < 0.001 ? `${(100 * v).toExponential(1)}%` : `${(100 * v).toFixed(2)}%`);
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    // The title sits in its own band above the plot, left, clear of the legend below and the bars.
    title: { text: h.title, left: 8, top: 4, textStyle: { fontSize: 13, color: t.text } },
    tooltip: {
      trigger: 'axis',
      ...tooltipStyle(t),
      formatter: (items: Array<{ dataIndex: number; marker: string; seriesName: string; value: number | null }>) => {
        const k = items[0]?.dataIndex ?? 0;
        const head = `S / max|S| in [${h.edges[k]?.toFixed(2)}, ${h.edges[k + 1]?.toFixed(2)})`;
        return [head, ...items.map((p) => `${p.marker}${p.seriesName}: <b>${pctText(p.value)}</b> of its pixels`)].join('<br>');
      },
    },
    // Generous gaps: server-side rendering estimates text widths with narrower metrics than the DejaVu
    // Sans a report is often read in. The y name runs along the axis so it never meets the title.
    legend: { bottom: 0, itemGap: 18, textStyle: { color: t.text } },
    grid: { left: GRID_MARGIN.left, right: 12, top: 36, bottom: GRID_MARGIN.bottom },
    xAxis: { type: 'category', data: starts, name: 'S / max|S|', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, ...axisStyle(t), axisLabel: { interval: (i: number) => round(i), color: t.muted, formatter: (v: string) => (Number(v) === 0 ? '0' : String(Number(v))) }, axisTick: { interval: (i: number) => round(i), lineStyle: { color: t.axis } } },
    yAxis: {
      type: opts.logY ? 'log' : 'value',
      ...(opts.logY ? { min: logFloor, startValue: logFloor, max: 1 } : {}),
      name: opts.logY ? 'fraction of pixels (log)' : 'fraction of pixels',
      nameLocation: 'middle',
      nameGap: AXIS_NAME_GAP.y,
      ...axisStyle(t),
      axisLabel: { color: t.muted, formatter: (v: number) => (opts.logY ? `${+(v * 100).toPrecision(2)}%` : `${Math.round(v * 100)}%`) },
    },
    series: [
      {
        name: 'inside box',
        type: 'bar',
        data: shown(norm(h.inside)),
        itemStyle: { color: opts.dark ? '#ff7b6b' : '#d6604d' },
        barGap: '0%',
        ...(zeroAt >= 0 ? { markLine: { silent: true, symbol: 'none', lineStyle: { color: t.axis, type: 'dashed', width: 1 }, label: { show: true, formatter: 'S = 0', color: t.muted, fontSize: 10, position: 'insideEndTop' }, data: [{ xAxis: zeroAt }] } } : {}),
      },
      { name: 'outside box', type: 'bar', data: shown(norm(h.outside)), itemStyle: { color: opts.dark ? '#6cb4ff' : '#4393c3', opacity: 0.8 } },
    ],
  };
}
