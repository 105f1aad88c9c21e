/**
 * ECharts option for one panel of the suppressed-point sweep (issue 9): mean |S| per raw-input bin,
 * relative to each method's own mean, RectGrad and No-Bias RectGrad as two lines, the preset's zero
 * point marked, the elements per bin under them (bin-counts.ts). RectGrad dips to ~0 at the zero point;
 * No-Bias RectGrad does not. The title says whether the panel is a measurement (the model's own
 * preprocessing) or an illustration of x ⊙ R (a preprocessing the model was not trained on).
 */
import type { SweepPanel } from '../sweep.ts';
import { binCountSeries, countAxis, sparseBinsSeries, splitByCount } from './bin-counts.ts';
import { AXIS_NAME_GAP, GRID_MARGIN, axisStyle, chartTheme, tooltipStyle } from './chart-theme.ts';

/** "paper · measurement (trained on)" or "caffe · illustration (not trained on)". */
export function sweepPanelTitle(p: Pick<SweepPanel, 'preset' | 'evidence'>): string {
  return `${p.preset} · ${p.evidence === 'measurement' ? 'measurement (trained on)' : 'illustration of x ⊙ R (not trained on)'}`;
}

export function sweepPanelOption(p: SweepPanel, opts: { animation?: boolean; dark?: boolean; title?: string } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const sparse: Array<[number, number]> = [];
  const line = (name: string, data: Array<number | null>, color: string) => {
    const split = splitByCount(p.bins, data, p.counts, p.minBinCount);
    sparse.push(...split.sparse);
    return { name, type: 'line', data: split.line, connectNulls: false, symbolSize: 5, lineStyle: { color, width: 2 }, itemStyle: { color }, z: 4 };
  };
  const rect = line('rectgrad', p.methods.rectgrad.relative, t.series[1]);
  const nobias = line('nobias-rectgrad', p.methods['nobias-rectgrad'].relative, t.series[0]);
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    title: { text: opts.title ?? sweepPanelTitle(p), left: 8, top: 4, textStyle: { fontSize: 13, color: t.text } },
    tooltip: { trigger: 'axis', ...tooltipStyle(t), valueFormatter: (v: number | null) => (v === null ? '–' : `${v.toFixed(3)} × mean`) },
    legend: { bottom: 0, itemGap: 18, textStyle: { color: t.text }, data: ['rectgrad', 'nobias-rectgrad', ...(sparse.length > 0 ? [sparseBinsSeries([], p.minBinCount, t).name as string] : [])] },
    grid: { left: GRID_MARGIN.left, right: 52, top: 36, bottom: GRID_MARGIN.bottom },
    xAxis: { type: 'value', min: 0, max: 1, name: 'raw input value (per channel)', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, ...axisStyle(t) },
    yAxis: [{ type: 'value', min: 0, name: 'mean |S| / own mean', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.y, ...axisStyle(t) }, countAxis(t, p.minBinCount)],
    series: [
      { ...rect, markLine: { symbol: 'none', label: { formatter: 'zero point', position: 'insideEndTop', color: t.muted }, lineStyle: { color: t.axis, type: 'dashed' }, data: [{ xAxis: p.zeroPoint }] } },
      nobias,
      ...(sparse.length > 0 ? [sparseBinsSeries(sparse, p.minBinCount, t)] : []),
      binCountSeries(p.bins, p.counts, p.minBinCount, t),
    ],
  };
}
