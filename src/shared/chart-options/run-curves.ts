/**
 * Training curves as TensorBoard draws them, ONE builder for the live chart (Training view), the compare
 * view (Runs) and the report: loss on top, accuracy below, on a shared x (step, epoch or wall time); one
 * colour per split (train, validation, test) for a single run, one colour per run (and a dash per split)
 * for several, the same on both charts; raw values faint under a debiased exponential moving average; an
 * optional log loss axis; zoom (wheel/drag inside, and a slider).
 *
 * Runs with a validation split have valLoss/valAccuracy every epoch and the test numbers only on the last
 * epoch (the test set is touched once, at the end): that is one marked point, "test (once, at the end)".
 * Runs recorded before (or without a validation split) have the test numbers every epoch: a test line.
 */
import type { TrainEvent } from '../run.ts';
import { effectiveEvents, eventEpoch } from './training-curves.ts';
import { axisStyle, chartTheme, fmtNumber, fmtPercent, tooltipStyle } from './chart-theme.ts';

export type CurveSplit = 'train' | 'validation' | 'test';
export type CurveQuantity = 'loss' | 'accuracy';
export type RunCurveMetric = `${CurveSplit}-${CurveQuantity}`;
export type RunCurveAxis = 'step' | 'epoch' | 'time';

export const CURVE_SPLITS: readonly CurveSplit[] = ['train', 'validation', 'test'];
/** TensorBoard's default smoothing weight. */
export const DEFAULT_SMOOTHING = 0.6;
export const TEST_ONCE_LABEL = 'test (once, at the end)';

export interface RunCurveInput {
  name: string;
  /** The run's colour (used when several runs share the chart). */
  color?: string;
  events: readonly TrainEvent[];
}

export interface RunCurveOptions {
  x: RunCurveAxis;
  /** 0 (none) to 0.99: TensorBoard's debiased exponential moving average weight. */
  smoothing: number;
  /** A log scale on the loss axis (accuracy stays linear). */
  logY: boolean;
  dark?: boolean;
  /** dataZoom inside + slider (off for the report's static SVG). Default true. */
  zoom?: boolean;
  animation?: boolean;
}

type EpochEvent = Extract<TrainEvent, { type: 'epoch' }>;

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

/** Whether a run was recorded with a validation split (its test numbers are then the last epoch's only). */
export function hasValidation(events: readonly TrainEvent[]): boolean {
  return events.some((e) => e.type === 'epoch' && typeof e.valLoss === 'number');
}

function splitValue(e: EpochEvent, split: CurveSplit, q: CurveQuantity): number | undefined {
  if (split === 'train') return q === 'loss' ? e.loss : e.accuracy;
  if (split === 'validation') return q === 'loss' ? e.valLoss : e.valAccuracy;
  return q === 'loss' ? e.testLoss : e.testAccuracy;
}

/**
 * The [x, y] points of one run for a split and quantity: train per batch, validation and test per epoch
 * (test only where recorded: every epoch for old runs, the last epoch for runs with a validation split).
 */
export function runCurvePoints(events: readonly TrainEvent[], metric: RunCurveMetric, x: RunCurveAxis): Array<[number, number]> {
  const [split, q] = metric.split('-') as [CurveSplit, CurveQuantity];
  const history = effectiveEvents(events).events;
  const t0 = history.length > 0 ? Date.parse(history[0].time) : NaN;
  const perBatch = (history.find((b) => b.type === 'batch') as Extract<TrainEvent, { type: 'batch' }> | undefined)?.batches ?? 1;
  const out: Array<[number, number]> = [];
  for (const e of history) {
    if ((e.type === 'epoch') !== (split !== 'train')) continue;
    const y = e.type === 'batch' ? (q === 'loss' ? e.loss : e.accuracy) : splitValue(e, split, q);
    if (typeof y !== 'number') continue;
    const step = e.type === 'batch' ? (e.epoch - 1) * e.batches + e.batch : e.epoch * perBatch;
    const xv = x === 'step' ? step : x === 'epoch' ? eventEpoch(e) : (Date.parse(e.time) - t0) / 1000;
    if (Number.isFinite(xv) && Number.isFinite(y)) out.push([xv, y]);
  }
  return out;
}

const SPLIT_DASH: Record<CurveSplit, string> = { train: 'solid', validation: 'dashed', test: 'dotted' };

/** The splits' colours (train, validation, test), the same on the loss and the accuracy chart. */
export function splitColours(dark = false): Record<CurveSplit, string> {
  const [c0, c1, c2] = chartTheme(dark).series;
  return { train: c0, validation: c2, test: c1 };
}

/** Loss (grid 0) and accuracy (grid 1) curves of one or more runs. */
export function runCurvesOption(runs: readonly RunCurveInput[], o: RunCurveOptions): Record<string, unknown> {
  const t = chartTheme(o.dark);
  const colours = splitColours(o.dark);
  const single = runs.length === 1;
  const zoom = o.zoom ?? true;
  const xName = o.x === 'step' ? 'step (batches)' : o.x === 'epoch' ? 'epoch' : 'wall time (s since start)';
  const fmt = (q: CurveQuantity) => (v: number) => (q === 'accuracy' ? fmtPercent(v, 2) : fmtNumber(v, 4));
  const series: Array<Record<string, unknown>> = [];
  for (const r of runs) {
    const once = hasValidation(r.events);
    const resumed = effectiveEvents(r.events).resumedAt;
    for (const split of CURVE_SPLITS) {
      for (const [axis, q] of (['loss', 'accuracy'] as const).entries()) {
        let pts = runCurvePoints(r.events, `${split}-${q}`, o.x);
        if (q === 'loss' && o.logY) pts = pts.filter(([, y]) => y > 0);
        if (pts.length === 0) continue;
        const color = single ? colours[split] : r.color ?? colours[split];
        const splitName = split === 'test' && once ? TEST_ONCE_LABEL : split;
        const name = single ? splitName : `${r.name} · ${splitName}`;
        const common = { name, type: 'line', xAxisIndex: axis, yAxisIndex: axis, color, tooltip: { valueFormatter: fmt(q) } };
        if (split === 'test' && once) {
          // The one test evaluation: a marked point, never smoothed, labelled where it sits.
          const last = pts[pts.length - 1];
          series.push({ ...common, data: [last], showSymbol: true, symbol: 'diamond', symbolSize: 11, z: 4, label: { show: true, position: 'top', align: 'right', distance: 8, formatter: TEST_ONCE_LABEL, color, fontSize: 11 } });
          continue;
        }
        const perEpoch = split !== 'train';
        const ys = smooth(
          pts.map(([, y]) => y),
          o.smoothing,
        );
        const smoothed = pts.map(([xv], k) => [xv, ys[k]]);
        const lineType = single ? 'solid' : SPLIT_DASH[split];
        const marks =
          split === 'train' && resumed.length > 0 && o.x !== 'time'
            ? { silent: true, symbol: 'none', label: { formatter: 'resumed', color: t.muted }, lineStyle: { color: t.axis, type: 'dashed' }, data: resumed.map((e) => ({ xAxis: o.x === 'epoch' ? e : e * ((r.events.find((b) => b.type === 'batch') as { batches?: number } | undefined)?.batches ?? 1) })) }
            : undefined;
        if (o.smoothing > 0) series.push({ ...common, showSymbol: false, lineStyle: { width: 1, opacity: 0.25, type: lineType }, tooltip: { show: false }, silent: true, data: pts, z: 1, raw: true });
        series.push({ ...common, showSymbol: perEpoch, symbolSize: 5, lineStyle: { width: 2, type: lineType }, data: smoothed, z: 2, markLine: marks });
      }
    }
  }
  const xAxis = (gridIndex: number) => ({
    type: 'value',
    gridIndex,
    name: gridIndex === 1 ? xName : '',
    nameLocation: 'middle',
    nameGap: 24,
    min: o.x === 'step' ? undefined : 0,
    minInterval: o.x === 'time' ? undefined : 1,
    ...axisStyle(t),
    axisLabel: { color: t.muted, formatter: (v: number) => (o.x === 'time' ? `${+v.toPrecision(4)}` : Number.isInteger(v) ? String(v) : '') },
  });
  const bottom = zoom ? 78 : 46;
  return {
    animation: o.animation ?? false,
    backgroundColor: o.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    color: t.series,
    tooltip: {
      trigger: 'axis',
      ...tooltipStyle(t),
      axisPointer: { type: 'line', link: [{ xAxisIndex: 'all' }] },
      formatter: (items: Array<{ axisValue: number; marker: string; seriesName: string; axisIndex?: number; value: [number, number]; seriesIndex: number }>) => {
        const x = items[0]?.axisValue ?? 0;
        const head = o.x === 'step' ? `step ${Math.round(x)}` : o.x === 'epoch' ? `epoch ${Number.isInteger(x) ? x : (+x).toFixed(2)}` : `${(+x).toFixed(1)} s`;
        const lines = items
          .filter((p) => !(series[p.seriesIndex] as { raw?: boolean }).raw)
          .map((p) => {
            const acc = (series[p.seriesIndex] as { yAxisIndex: number }).yAxisIndex === 1;
            return `${p.marker}${p.seriesName} ${acc ? 'accuracy' : 'loss'}: <b>${fmt(acc ? 'accuracy' : 'loss')(p.value[1])}</b>`;
          });
        return [head, ...lines].join('<br>');
      },
    },
    legend: { type: 'scroll', top: 0, left: 8, right: 8, itemGap: 18, textStyle: { color: t.text } },
    grid: [
      { left: 64, right: 24, top: 40, height: zoom ? '30%' : '33%' },
      { left: 64, right: 24, bottom, height: zoom ? '30%' : '33%' },
    ],
    xAxis: [xAxis(0), xAxis(1)],
    yAxis: [
      { type: o.logY ? 'log' : 'value', ...(o.logY ? { min: (v: { min: number }) => v.min * 0.97, max: (v: { max: number }) => v.max * 1.03 } : {}), gridIndex: 0, name: o.logY ? 'loss (cross-entropy, log)' : 'loss (cross-entropy)', nameLocation: 'middle', nameGap: 48, scale: true, ...axisStyle(t), axisLabel: { color: t.muted, formatter: (v: number) => `${+v.toPrecision(3)}` } },
      {
        type: 'value',
        gridIndex: 1,
        name: 'accuracy',
        nameLocation: 'middle',
        nameGap: 48,
        min: (v: { min: number }) => Math.max(0, Math.floor(v.min * 10) / 10),
        max: 1,
        ...axisStyle(t),
        axisLabel: { color: t.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
      },
    ],
    dataZoom: zoom
      ? [
          { type: 'inside', xAxisIndex: [0, 1], filterMode: 'none' },
          { type: 'slider', xAxisIndex: [0, 1], filterMode: 'none', bottom: 8, height: 18, textStyle: { color: t.muted }, borderColor: t.grid },
        ]
      : undefined,
    series,
  };
}

/** One run's curves as the report draws them (a static SVG: no zoom), smoothed as the app draws them by default. */
export function trainingCurvesOption(events: readonly TrainEvent[], opts: { animation?: boolean; dark?: boolean; smoothing?: number } = {}): Record<string, unknown> {
  return runCurvesOption([{ name: 'run', events }], { x: 'epoch', smoothing: opts.smoothing ?? DEFAULT_SMOOTHING, logY: false, dark: opts.dark, zoom: false, animation: opts.animation });
}

/**
 * The numbers behind the curves, one row per run, split, quantity and point: epoch (fractional for
 * batches), step, seconds since the run's first event, the raw value (full precision) and, with smoothing,
 * the smoothed one.
 */
export const RUN_CURVE_COLUMNS = ['run', 'split', 'quantity', 'epoch', 'step', 'seconds', 'value', 'smoothed'] as const;
export function runCurveRows(runs: readonly RunCurveInput[], smoothing: number): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [];
  for (const r of runs) {
    for (const split of CURVE_SPLITS) {
      for (const q of ['loss', 'accuracy'] as const) {
        const metric: RunCurveMetric = `${split}-${q}`;
        const byEpoch = runCurvePoints(r.events, metric, 'epoch');
        const bySteps = runCurvePoints(r.events, metric, 'step');
        const byTime = runCurvePoints(r.events, metric, 'time');
        const once = split === 'test' && hasValidation(r.events);
        const ys = once ? byEpoch.map(([, y]) => y) : smooth(
          byEpoch.map(([, y]) => y),
          smoothing,
        );
        byEpoch.forEach(([epoch, y], k) => rows.push([r.name, split, q, epoch, bySteps[k]?.[0] ?? NaN, byTime[k]?.[0] ?? NaN, y, ys[k]]));
      }
    }
  }
  return rows;
}
