/**
 * ECharts option for training curves (loss and accuracy per batch and per epoch). A pure function of
 * data, shared by the renderer's live chart and the report's server-side SVG.
 */
import type { TrainEvent } from '../run.ts';
import { axisStyle, chartTheme, fmtNumber, fmtPercent, tooltipStyle } from './chart-theme.ts';

type BatchEvent = Extract<TrainEvent, { type: 'batch' }>;

/** Position of an event in epochs: batches at fractional epochs, epoch ends at integers. */
export function eventEpoch(e: TrainEvent): number {
  return e.type === 'batch' ? +(e.epoch - 1 + e.batch / e.batches).toFixed(4) : e.epoch;
}

/**
 * The events a finished history consists of. A resume restarts from the last checkpoint, so events
 * logged after it by the cancelled attempt (a partial epoch) are superseded by the resumed ones; without
 * this the curve doubles back. Returns the kept events and the epochs where a resume restarted.
 */
export function effectiveEvents(events: readonly TrainEvent[]): { events: TrainEvent[]; resumedAt: number[] } {
  const kept: TrainEvent[] = [];
  const resumedAt: number[] = [];
  let last = -Infinity;
  for (const e of events) {
    const at = eventEpoch(e);
    // An epoch-end event shares its position with the epoch's last batch; only a step back is a restart.
    if (at < last || (at === last && kept.length > 0 && kept[kept.length - 1].type === e.type)) {
      const restart = e.type === 'batch' ? e.epoch - 1 : e.epoch - 1;
      while (kept.length > 0 && eventEpoch(kept[kept.length - 1]) > restart) kept.pop();
      resumedAt.push(restart);
    }
    kept.push(e);
    last = at;
  }
  return { events: kept, resumedAt };
}

export function trainingCurvesOption(events: readonly TrainEvent[], opts: { animation?: boolean; dark?: boolean } = {}): Record<string, unknown> {
  const { events: history, resumedAt } = effectiveEvents(events);
  const batches = history.filter((e): e is BatchEvent => e.type === 'batch');
  const epochs = history.filter((e) => e.type === 'epoch');
  const t = chartTheme(opts.dark);
  const [c0, c1, c2] = t.series;
  const loss = { valueFormatter: (v: number) => fmtNumber(v) };
  const acc = { valueFormatter: (v: number) => fmtPercent(v) };
  // Integer epoch ticks: batches sit at fractional epochs, but "epoch 1.5" is not a label anyone wants.
  // The name sits under the lower axis only (at the end it was clipped at the chart's edge).
  const xAxis = (gridIndex: number) => ({
    type: 'value',
    gridIndex,
    name: gridIndex === 1 ? 'epoch' : '',
    nameLocation: 'middle',
    nameGap: 24,
    min: 0,
    minInterval: 1,
    ...axisStyle(t),
    axisLabel: { color: t.muted, formatter: (v: number) => (Number.isInteger(v) ? String(v) : '') },
  });
  const resumeMarks = resumedAt.length === 0 ? undefined : { silent: true, symbol: 'none', label: { formatter: 'resumed', color: t.muted }, lineStyle: { color: t.axis, type: 'dashed' }, data: resumedAt.map((x) => ({ xAxis: x })) };
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    color: t.series,
    tooltip: {
      trigger: 'axis',
      ...tooltipStyle(t),
      axisPointer: { type: 'line', link: [{ xAxisIndex: 'all' }] },
      formatter: (items: Array<{ axisValue: number; marker: string; seriesName: string; value: [number, number] }>) => {
        const x = items[0]?.axisValue ?? 0;
        const lines = items.map((p) => `${p.marker}${p.seriesName}: <b>${/acc/.test(p.seriesName) ? fmtPercent(p.value[1]) : fmtNumber(p.value[1])}</b>`);
        return [`epoch ${Number.isInteger(x) ? x : (+x).toFixed(2)}`, ...lines].join('<br>');
      },
    },
    // A wide itemGap: server-side rendering estimates text widths with narrower metrics than the
    // DejaVu Sans a report is often read in, and a default gap lets the items run into each other.
    // The y names run along their axes, clear of the legend.
    legend: { type: 'scroll', top: 0, left: 8, right: 8, itemGap: 18, textStyle: { color: t.text } },
    grid: [
      { left: 64, right: 16, top: 40, height: '33%' },
      { left: 64, right: 16, bottom: 46, height: '33%' },
    ],
    xAxis: [xAxis(0), xAxis(1)],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'loss (cross-entropy)', nameLocation: 'middle', nameGap: 44, scale: true, ...axisStyle(t) },
      { type: 'value', gridIndex: 1, name: 'accuracy', nameLocation: 'middle', nameGap: 44, min: (v: { min: number }) => Math.max(0, Math.floor(v.min * 10) / 10), max: 1, ...axisStyle(t), axisLabel: { color: t.muted, formatter: (v: number) => `${Math.round(v * 100)}%` } },
    ],
    series: [
      { name: 'train loss (batch)', type: 'line', xAxisIndex: 0, yAxisIndex: 0, showSymbol: false, color: c0, lineStyle: { width: 1, opacity: 0.45 }, tooltip: loss, data: batches.map((e) => [eventEpoch(e), e.loss]), markLine: resumeMarks },
      { name: 'train loss (epoch)', type: 'line', xAxisIndex: 0, yAxisIndex: 0, color: c0, tooltip: loss, data: epochs.map((e) => [e.epoch, e.loss]) },
      { name: 'test loss', type: 'line', xAxisIndex: 0, yAxisIndex: 0, color: c1, tooltip: loss, data: epochs.map((e) => [e.epoch, e.type === 'epoch' ? e.testLoss : NaN]) },
      { name: 'train acc (batch)', type: 'line', xAxisIndex: 1, yAxisIndex: 1, showSymbol: false, color: c2, lineStyle: { width: 1, opacity: 0.45 }, tooltip: acc, data: batches.map((e) => [eventEpoch(e), e.accuracy]), markLine: resumeMarks },
      { name: 'train acc (epoch)', type: 'line', xAxisIndex: 1, yAxisIndex: 1, color: c2, tooltip: acc, data: epochs.map((e) => [e.epoch, e.accuracy]) },
      { name: 'test acc', type: 'line', xAxisIndex: 1, yAxisIndex: 1, color: c1, tooltip: acc, data: epochs.map((e) => [e.epoch, e.type === 'epoch' ? e.testAccuracy : NaN]) },
    ],
  };
}
