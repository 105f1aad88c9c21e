/**
 * ECharts option for a VAE's training: reconstruction loss (mean per-pixel BCE) and the KL term per
 * epoch, train and test, on two y axes (their scales differ by orders of magnitude).
 */
import type { VaeTrainEvent } from '../faces.ts';
import { axisStyle, chartTheme, tooltipStyle } from './chart-theme.ts';

export function vaeCurvesOption(events: readonly VaeTrainEvent[], opts: { animation?: boolean; dark?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const epochs = events.filter((e): e is Extract<VaeTrainEvent, { type: 'epoch' }> => e.type === 'epoch');
  const batches = events.filter((e): e is Extract<VaeTrainEvent, { type: 'batch' }> => e.type === 'batch');
  // Batches at fractional epochs, so live curves move between epoch points.
  const bx = (e: Extract<VaeTrainEvent, { type: 'batch' }>) => e.epoch - 1 + e.batch / e.batches;
  const line = (name: string, data: Array<[number, number]>, color: string, yAxisIndex: number, dashed = false) => ({
    name,
    type: 'line',
    data,
    yAxisIndex,
    showSymbol: data.length < 40,
    lineStyle: { color, type: dashed ? 'dashed' : 'solid', width: dashed ? 1.5 : 2 },
    itemStyle: { color },
  });
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    tooltip: { trigger: 'axis', ...tooltipStyle(t), valueFormatter: (v: number) => (typeof v === 'number' ? v.toFixed(4) : String(v)) },
    legend: { bottom: 0, itemGap: 18, textStyle: { color: t.text } },
    grid: { left: 64, right: 64, top: 20, bottom: 64 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, min: 0, minInterval: 1, ...axisStyle(t) },
    yAxis: [
      { type: 'value', name: 'reconstruction (BCE / pixel)', nameLocation: 'middle', nameGap: 48, scale: true, ...axisStyle(t) },
      { type: 'value', name: 'KL term', nameLocation: 'middle', nameGap: 48, scale: true, ...axisStyle(t), splitLine: { show: false } },
    ],
    series: [
      line('reconstruction (batches)', batches.map((e) => [bx(e), e.reconstructionLoss]), t.series[0], 0, true),
      line('reconstruction (train)', epochs.map((e) => [e.epoch, e.reconstructionLoss]), t.series[0], 0),
      line('reconstruction (test)', epochs.map((e) => [e.epoch, e.testReconstructionLoss]), t.series[2], 0),
      line('KL (train)', epochs.map((e) => [e.epoch, e.kl]), t.series[3], 1),
      line('KL (test)', epochs.map((e) => [e.epoch, e.testKl]), t.series[4], 1),
    ],
  };
}
