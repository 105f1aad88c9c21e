/**
 * ECharts option for a VAE's training: reconstruction loss (mean per-pixel BCE) and the KL term per
 * epoch, train and test, on two y axes (their scales differ by orders of magnitude). The KL axis starts at
 * 0 and its lines are dotted and say "right axis", so a small KL change is not read as a swoop across
 * the reconstruction curve; per-batch reconstruction is a faded line with its own legend colour.
 */
import type { VaeTrainEvent } from '../faces.ts';
import { AXIS_NAME_GAP, GRID_MARGIN, axisStyle, chartTheme, tooltipStyle } from './chart-theme.ts';

export function vaeCurvesOption(events: readonly VaeTrainEvent[], opts: { animation?: boolean; dark?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const epochs = events.filter((e): e is Extract<VaeTrainEvent, { type: 'epoch' }> => e.type === 'epoch');
  const batches = events.filter((e): e is Extract<VaeTrainEvent, { type: 'batch' }> => e.type === 'batch');
  // Batches at fractional epochs, so live curves move between epoch points.
  const bx = (e: Extract<VaeTrainEvent, { type: 'batch' }>) => e.epoch - 1 + e.batch / e.batches;
  const line = (name: string, data: Array<[number, number]>, color: string, yAxisIndex: number, style: 'solid' | 'faded' | 'dotted' = 'solid') => ({
    name,
    type: 'line',
    data,
    yAxisIndex,
    showSymbol: style !== 'faded' && data.length < 40,
    lineStyle: { color, type: style === 'dotted' ? 'dotted' : 'solid', width: style === 'faded' ? 1 : 2, opacity: style === 'faded' ? 0.45 : 1 },
    itemStyle: { color, opacity: style === 'faded' ? 0.45 : 1 },
  });
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    tooltip: { trigger: 'axis', ...tooltipStyle(t), valueFormatter: (v: number) => (typeof v === 'number' ? v.toFixed(4) : String(v)) },
    legend: { type: 'scroll', bottom: 0, itemGap: 18, textStyle: { color: t.text } },
    grid: { left: GRID_MARGIN.left, right: 64, top: 20, bottom: 64 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, min: 0, minInterval: 1, ...axisStyle(t) },
    yAxis: [
      { type: 'value', name: 'reconstruction (BCE / pixel)', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.y, scale: true, ...axisStyle(t) },
      { type: 'value', name: 'KL term (dotted)', nameLocation: 'middle', nameGap: 48, min: 0, ...axisStyle(t), splitLine: { show: false } },
    ],
    series: [
      line('reconstruction (batches)', batches.map((e) => [bx(e), e.reconstructionLoss]), t.series[5], 0, 'faded'),
      line('reconstruction (train)', epochs.map((e) => [e.epoch, e.reconstructionLoss]), t.series[0], 0),
      line('reconstruction (test)', epochs.map((e) => [e.epoch, e.testReconstructionLoss]), t.series[2], 0),
      line('KL (train, right axis)', epochs.map((e) => [e.epoch, e.kl]), t.series[3], 1, 'dotted'),
      line('KL (test, right axis)', epochs.map((e) => [e.epoch, e.testKl]), t.series[4], 1, 'dotted'),
    ],
  };
}
