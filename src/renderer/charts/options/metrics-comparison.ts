/** ECharts option comparing methods (or runs) on one metric: median bars with IQR whiskers. */
import type { Spread } from '../../../shared/run.ts';

export function metricsComparisonOption(rows: Array<{ name: string; value: Spread }>, metric: string, opts: { dark?: boolean } = {}): Record<string, unknown> {
  const text = opts.dark ? '#ddd' : '#333';
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: text },
    title: { text: metric, left: 'center', textStyle: { fontSize: 13, color: text } },
    tooltip: { trigger: 'axis' },
    grid: { left: 110, right: 20, top: 30, bottom: 24 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
    series: [
      { type: 'bar', name: 'median', data: rows.map((r) => +r.value.median.toFixed(4)), itemStyle: { color: '#4393c3' } },
      { type: 'scatter', name: 'q1', symbol: 'line', symbolSize: [2, 12], data: rows.map((r) => +r.value.q1.toFixed(4)), itemStyle: { color: text } },
      { type: 'scatter', name: 'q3', symbol: 'line', symbolSize: [2, 12], data: rows.map((r) => +r.value.q3.toFixed(4)), itemStyle: { color: text } },
    ],
  };
}
