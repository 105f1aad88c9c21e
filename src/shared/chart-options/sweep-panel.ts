/**
 * ECharts option for one panel of the suppressed-point sweep (issue 9): mean |S| per raw-input bin,
 * relative to each method's own mean, RectGrad and No-Bias RectGrad as two lines, the preset's zero
 * point marked. RectGrad dips to ~0 at the zero point; No-Bias RectGrad does not.
 */
import type { SweepPanel } from '../sweep.ts';
import { axisStyle, chartTheme, tooltipStyle } from './chart-theme.ts';

export function sweepPanelOption(p: SweepPanel, opts: { animation?: boolean; dark?: boolean; title?: string } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const line = (name: string, data: Array<number | null>, color: string) => ({
    name,
    type: 'line',
    data: p.bins.map((b, k) => [b, data[k]]),
    connectNulls: false,
    symbolSize: 5,
    lineStyle: { color, width: 2 },
    itemStyle: { color },
  });
  const rect = line('rectgrad', p.methods.rectgrad.relative, t.series[1]);
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    title: { text: opts.title ?? `${p.preset}${p.own ? ' (trained on)' : ''}: zero point ${p.zeroPoint.toFixed(3)}`, left: 8, top: 4, textStyle: { fontSize: 13, color: t.text } },
    tooltip: { trigger: 'axis', ...tooltipStyle(t), valueFormatter: (v: number | null) => (v === null ? '–' : `${v.toFixed(3)} × mean`) },
    legend: { bottom: 0, itemGap: 18, textStyle: { color: t.text } },
    grid: { left: 58, right: 16, top: 36, bottom: 58 },
    xAxis: { type: 'value', min: 0, max: 1, name: 'raw input value (per channel)', nameLocation: 'middle', nameGap: 24, ...axisStyle(t) },
    yAxis: { type: 'value', min: 0, name: 'mean |S| / own mean', nameLocation: 'middle', nameGap: 40, ...axisStyle(t) },
    series: [
      { ...rect, markLine: { symbol: 'none', label: { formatter: 'zero point', position: 'insideEndTop', color: t.muted }, lineStyle: { color: t.axis, type: 'dashed' }, data: [{ xAxis: p.zeroPoint }] } },
      line('nobias-rectgrad', p.methods['nobias-rectgrad'].relative, t.series[0]),
    ],
  };
}
