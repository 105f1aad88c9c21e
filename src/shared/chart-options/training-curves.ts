/**
 * ECharts option for training curves (loss and accuracy per batch and per epoch). A pure function of
 * data, shared by the renderer's live chart and the report's server-side SVG.
 */
import type { TrainEvent } from '../run.ts';

export function trainingCurvesOption(events: readonly TrainEvent[], opts: { animation?: boolean; dark?: boolean } = {}): Record<string, unknown> {
  const batches = events.filter((e) => e.type === 'batch');
  const epochs = events.filter((e) => e.type === 'epoch');
  // x axis in epochs (fractional for batches), so batch and epoch points share one axis.
  const bx = (e: Extract<TrainEvent, { type: 'batch' }>) => +(e.epoch - 1 + e.batch / e.batches).toFixed(4);
  const text = opts.dark ? '#ddd' : '#333';
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: text },
    tooltip: { trigger: 'axis' },
    // A wide itemGap: server-side rendering estimates text widths with narrower metrics than the
    // DejaVu Sans a report is often read in, and a default gap lets the items run into each other.
    // The y names run along their axes, clear of the legend.
    legend: { top: 0, itemGap: 18, textStyle: { color: text } },
    grid: [
      { left: 64, right: 16, top: 36, height: '34%' },
      { left: 64, right: 16, bottom: 36, height: '34%' },
    ],
    xAxis: [
      { type: 'value', gridIndex: 0, name: 'epoch', min: 0, nameTextStyle: { color: text } },
      { type: 'value', gridIndex: 1, name: 'epoch', min: 0, nameTextStyle: { color: text } },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'loss', nameLocation: 'middle', nameGap: 44, scale: true, nameTextStyle: { color: text } },
      { type: 'value', gridIndex: 1, name: 'accuracy', nameLocation: 'middle', nameGap: 44, min: (v: { min: number }) => Math.max(0, Math.floor(v.min * 10) / 10), max: 1, nameTextStyle: { color: text } },
    ],
    series: [
      { name: 'train loss (batch)', type: 'line', xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, lineStyle: { width: 1, opacity: 0.5 }, data: batches.map((e) => [bx(e), e.loss]) },
      { name: 'train loss (epoch)', type: 'line', xAxisIndex: 0, yAxisIndex: 0, data: epochs.map((e) => [e.epoch, e.loss]) },
      { name: 'test loss', type: 'line', xAxisIndex: 0, yAxisIndex: 0, data: epochs.map((e) => [e.epoch, e.testLoss]) },
      { name: 'train acc (batch)', type: 'line', xAxisIndex: 1, yAxisIndex: 1, showSymbol: false, lineStyle: { width: 1, opacity: 0.5 }, data: batches.map((e) => [bx(e), e.accuracy]) },
      { name: 'train acc (epoch)', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: epochs.map((e) => [e.epoch, e.accuracy]) },
      { name: 'test acc', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: epochs.map((e) => [e.epoch, e.testAccuracy]) },
    ],
  };
}
