/**
 * ECharts option comparing runs (and methods) on one metric: a bar at the median (or, for the pointing
 * game, the hit rate), coloured by run, with an IQR whisker (q1 to q3, capped) drawn by a custom series.
 */
import { axisStyle, chartTheme, tooltipStyle } from '../../../shared/chart-options/chart-theme.ts';

export interface ComparisonRow {
  /** Row label, e.g. "rectgrad · run ab3x". */
  name: string;
  color: string;
  /** The headline number: a median over images, or a hit rate (the pointing game). */
  value: number;
  statistic: 'median' | 'hit rate';
  /** Images it is over, when known. */
  n?: number | null;
  /** null where the metric has no IQR (a rate, like the pointing game). */
  q1: number | null;
  q3: number | null;
}

export function metricsComparisonOption(rows: readonly ComparisonRow[], metric: string, opts: { dark?: boolean; format?: (v: number) => string; legend?: Array<{ name: string; color: string }> } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const fmt = opts.format ?? ((v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–'));
  const legend = opts.legend ?? [];
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: t.text },
    title: { text: metric, left: 8, top: 4, textStyle: { fontSize: 13, color: t.text, fontWeight: 'normal' } },
    legend: legend.length ? { bottom: 0, left: 8, type: 'scroll', icon: 'rect', selectedMode: false, textStyle: { color: t.text }, data: legend.map((l) => l.name) } : undefined,
    tooltip: {
      trigger: 'item',
      ...tooltipStyle(t),
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        if (!r) return '';
        const n = typeof r.n === 'number' ? ` (n = ${r.n})` : '';
        return `${r.name}<br>${r.statistic} <b>${fmt(r.value)}</b>${n}${r.q1 !== null && r.q3 !== null ? `<br>IQR ${fmt(r.q1)} – ${fmt(r.q3)}` : `<br>(a ${r.statistic}: no IQR)`}`;
      },
    },
    grid: { left: 8, right: 24, top: 34, bottom: legend.length ? 44 : 24, containLabel: true },
    xAxis: { type: 'value', ...axisStyle(t), axisLabel: { color: t.muted, formatter: (v: number) => fmt(v) } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, ...axisStyle(t) },
    series: [
      ...legend.map((l) => ({ name: l.name, type: 'bar', data: [], itemStyle: { color: l.color } })),
      // barGap −100%: the (empty) legend-only bar series share the slot, so each bar sits on its row's line.
      { type: 'bar', name: 'value', barMaxWidth: 22, barGap: '-100%', data: rows.map((r) => ({ value: Number.isFinite(r.value) ? +r.value.toFixed(6) : null, itemStyle: { color: r.color } })) },
      {
        type: 'custom',
        name: 'IQR',
        data: rows.map((r, k) => [r.q1 ?? NaN, r.q3 ?? NaN, k]),
        // Both ends on the value axis, so the axis extent covers the whiskers too.
        encode: { x: [0, 1], y: 2 },
        z: 3,
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (v: [number, number]) => [number, number]; size: (v: [number, number]) => [number, number] }) => {
          const q1 = api.value(0);
          const q3 = api.value(1);
          if (!Number.isFinite(q1) || !Number.isFinite(q3)) return null;
          const a = api.coord([q1, api.value(2)]);
          const b = api.coord([q3, api.value(2)]);
          const h = Math.min(10, api.size([0, 1])[1] * 0.35);
          const style = { stroke: t.text, lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style },
              { type: 'line', shape: { x1: a[0], y1: a[1] - h, x2: a[0], y2: a[1] + h }, style },
              { type: 'line', shape: { x1: b[0], y1: b[1] - h, x2: b[0], y2: b[1] + h }, style },
            ],
          };
        },
      },
    ],
  };
}
