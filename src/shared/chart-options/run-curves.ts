/**
 * Training curves of several runs on one chart (TensorBoard's scalar dashboard): one colour per run,
 * raw values faint under an exponential moving average, x as optimiser step, epoch or wall time.
 */
import type { TrainEvent } from '../run.ts';
import { effectiveEvents, eventEpoch } from './training-curves.ts';
import { axisStyle, chartTheme, fmtNumber, fmtPercent, tooltipStyle } from './chart-theme.ts';

export type RunCurveMetric = 'train-loss' | 'train-accuracy' | 'test-loss' | 'test-accuracy';
export type RunCurveAxis = 'step' | 'epoch' | 'time';

export interface RunCurveInput {
  name: string;
  color: string;
  events: readonly TrainEvent[];
}

export interface RunCurveOptions {
  metric: RunCurveMetric;
  x: RunCurveAxis;
  /** 0 (none) to 0.99: TensorBoard's debiased exponential moving average weight. */
  smoothing: number;
  logY: boolean;
  dark?: boolean;
}

export const RUN_CURVE_METRICS: Record<RunCurveMetric, { label: string; percent: boolean; perEpoch: boolean }> = {
  'train-loss': { label: 'train loss (cross-entropy, per batch)', percent: false, perEpoch: false },
  'train-accuracy': { label: 'train accuracy (per batch)', percent: true, perEpoch: false },
  'test-loss': { label: 'test loss (cross-entropy, per epoch)', percent: false, perEpoch: true },
  'test-accuracy': { label: 'test accuracy (per epoch)', percent: true, perEpoch: true },
};

/** TensorBoard's smoothing: EMA with the start-up bias removed, so early points are not pulled to 0. */
export function smooth(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - weight ** n);
  });
}

/** The [x, y] points of one run for a metric and an x axis. */
export function runCurvePoints(events: readonly TrainEvent[], metric: RunCurveMetric, x: RunCurveAxis): Array<[number, number]> {
  const history = effectiveEvents(events).events;
  const t0 = history.length > 0 ? Date.parse(history[0].time) : NaN;
  const spec = RUN_CURVE_METRICS[metric];
  const out: Array<[number, number]> = [];
  for (const e of history) {
    if ((e.type === 'epoch') !== spec.perEpoch) continue;
    const y = e.type === 'batch' ? (metric === 'train-loss' ? e.loss : e.accuracy) : metric === 'test-loss' ? e.testLoss : e.testAccuracy;
    const batches = e.type === 'batch' ? e.batches : (history.find((b) => b.type === 'batch') as Extract<TrainEvent, { type: 'batch' }> | undefined)?.batches ?? 1;
    const step = e.type === 'batch' ? (e.epoch - 1) * e.batches + e.batch : e.epoch * batches;
    const xv = x === 'step' ? step : x === 'epoch' ? eventEpoch(e) : (Date.parse(e.time) - t0) / 1000;
    if (Number.isFinite(xv) && Number.isFinite(y)) out.push([xv, y]);
  }
  return out;
}

export function runCurvesOption(runs: readonly RunCurveInput[], o: RunCurveOptions): Record<string, unknown> {
  const t = chartTheme(o.dark);
  const spec = RUN_CURVE_METRICS[o.metric];
  const fmt = (v: number) => (spec.percent ? fmtPercent(v) : fmtNumber(v));
  const xName = o.x === 'step' ? 'step (batches)' : o.x === 'epoch' ? 'epoch' : 'wall time (s since start)';
  const series = runs.flatMap((r) => {
    const pts = runCurvePoints(r.events, o.metric, o.x).filter(([, y]) => !o.logY || y > 0);
    const ys = smooth(
      pts.map(([, y]) => y),
      o.smoothing,
    );
    const smoothed = pts.map(([x], k) => [x, ys[k]]);
    const raw = { name: r.name, type: 'line', showSymbol: false, color: r.color, lineStyle: { width: 1, opacity: 0.25 }, tooltip: { show: false }, silent: true, data: pts, z: 1 };
    const main = { name: r.name, type: 'line', showSymbol: spec.perEpoch, symbolSize: 5, color: r.color, lineStyle: { width: 2 }, tooltip: { valueFormatter: fmt }, data: smoothed, z: 2 };
    return o.smoothing > 0 ? [raw, main] : [main];
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: t.text },
    title: { text: spec.label + (o.smoothing > 0 ? ` · smoothing ${o.smoothing}` : ''), left: 8, top: 4, textStyle: { fontSize: 13, color: t.text, fontWeight: 'normal' } },
    legend: { top: 26, left: 8, right: 8, itemGap: 14, textStyle: { color: t.text }, type: 'scroll' },
    tooltip: {
      trigger: 'axis',
      ...tooltipStyle(t),
      formatter: (items: Array<{ marker: string; seriesName: string; value: [number, number] }>) => {
        const x = items[0]?.value[0] ?? 0;
        const head = o.x === 'step' ? `step ${Math.round(x)}` : o.x === 'epoch' ? `epoch ${(+x).toFixed(2)}` : `${(+x).toFixed(1)} s`;
        return [head, ...items.map((p) => `${p.marker}${p.seriesName}: <b>${fmt(p.value[1])}</b>`)].join('<br>');
      },
    },
    grid: { left: 64, right: 20, top: 64, bottom: 44 },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 26, min: o.x === 'time' ? 0 : undefined, minInterval: o.x === 'time' ? undefined : 1, ...axisStyle(t) },
    yAxis: {
      type: o.logY ? 'log' : 'value',
      scale: true,
      ...axisStyle(t),
      axisLabel: { color: t.muted, formatter: (v: number) => (spec.percent ? `${+(v * 100).toPrecision(3)}%` : `${+v.toPrecision(3)}`) },
    },
    series,
  };
}
