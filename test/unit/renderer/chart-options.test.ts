import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveEvents } from '../../../src/shared/chart-options/training-curves.ts';
import { TEST_ONCE_LABEL, runCurvePoints, runCurveRows, runCurvesOption, smooth, splitColours, trainingCurvesOption } from '../../../src/shared/chart-options/run-curves.ts';
import { blendOverGrey, colourOf, colourise, describeScale, scaleMaxima } from '../../../src/shared/color-scale.ts';
import { runColours, runLabels, shortId } from '../../../src/renderer/run-identity.ts';
import { nextWindow, overallEta } from '../../../src/renderer/eta.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/shared/run.ts';
import { insideOutsideHistogramOption } from '../../../src/shared/chart-options/inside-outside-histogram.ts';
import { metricsComparisonOption } from '../../../src/renderer/charts/options/metrics-comparison.ts';
import type { TrainEvent } from '../../../src/shared/run.ts';
import type { VaeTrainEvent } from '../../../src/shared/faces.ts';
import { vaeCurvesOption } from '../../../src/shared/chart-options/vae-curves.ts';
import { conceptScoresOption } from '../../../src/shared/chart-options/concept-scores.ts';

type Series = { name: string; data: unknown[] };

test('training curves: batches placed at fractional epochs, epochs at integers', () => {
  const events: TrainEvent[] = [
    { type: 'batch', epoch: 1, batch: 5, batches: 10, loss: 0.7, accuracy: 0.5, imagesPerSecond: 100, etaSeconds: 10, time: '' },
    { type: 'batch', epoch: 1, batch: 10, batches: 10, loss: 0.5, accuracy: 0.7, imagesPerSecond: 100, etaSeconds: 9, time: '' },
    { type: 'epoch', epoch: 1, epochs: 2, loss: 0.55, accuracy: 0.65, testLoss: 0.4, testAccuracy: 0.8, imagesPerSecond: 100, etaSeconds: 9, time: '' },
  ];
  const series = trainingCurvesOption(events, { smoothing: 0 }).series as Array<Series & { yAxisIndex: number }>;
  assert.deepEqual(series.find((s) => s.name === 'train' && s.yAxisIndex === 0)!.data, [[0.5, 0.7], [1, 0.5]]);
  assert.deepEqual(series.find((s) => s.name === 'test' && s.yAxisIndex === 1)!.data, [[1, 0.8]], 'an old run: a test line every epoch');
  assert.equal((trainingCurvesOption([]).series as Series[]).length, 0);
});

test('inside/outside histogram: fractions of each region, left-edge categories', () => {
  const o = insideOutsideHistogramOption({ edges: [-1, 0, 1], inside: [1, 3], outside: [10, 0], title: 't' });
  const series = o.series as Series[];
  assert.deepEqual(series[0].data, [0.25, 0.75]);
  assert.deepEqual(series[1].data, [1, 0]);
  assert.deepEqual((o.xAxis as { data: number[] }).data, [-1, 0]);
  const empty = insideOutsideHistogramOption({ edges: [-1, 0, 1], inside: [0, 0], outside: [0, 0], title: 't' });
  assert.deepEqual((empty.series as Series[])[0].data, [0, 0], 'no division by zero');
});

test('metrics comparison: one bar per row in its run colour, IQR whiskers as [q1, q3, row]', () => {
  const o = metricsComparisonOption(
    [
      { name: 'rectgrad · ab3x', color: '#f00', value: 0, statistic: 'median', q1: 0, q3: 0.1 },
      { name: 'nobias · ab3x', color: '#00f', value: 9.5, statistic: 'median', q1: 7, q3: 12 },
      { name: 'pointing · ab3x', color: '#00f', value: 0.8, statistic: 'hit rate', n: 40, q1: null, q3: null },
    ],
    'enrichment',
  );
  const s = o.series as Array<Series & { type: string }>;
  const bars = s.find((x) => x.type === 'bar' && x.name === 'value')!;
  assert.deepEqual(bars.data, [{ value: 0, itemStyle: { color: '#f00' } }, { value: 9.5, itemStyle: { color: '#00f' } }, { value: 0.8, itemStyle: { color: '#00f' } }]);
  const whiskers = s.find((x) => x.type === 'custom')!;
  assert.deepEqual(whiskers.data, [[0, 0.1, 0], [7, 12, 1], [NaN, NaN, 2]]);
  // The pointing game is a hit rate over n images, never called a median (issue 15).
  const tip = (o.tooltip as { formatter: (p: { dataIndex: number }) => string }).formatter;
  assert.equal(tip({ dataIndex: 2 }), 'pointing · ab3x<br>hit rate <b>0.800</b> (n = 40)<br>(a hit rate: no IQR)');
  assert.match(tip({ dataIndex: 1 }), /^nobias · ab3x<br>median <b>9.500<\/b><br>IQR 7.000 – 12.000$/);
});

test('training curves: a resume replaces the cancelled partial epoch instead of doubling back', () => {
  const b = (epoch: number, batch: number, loss: number): TrainEvent => ({ type: 'batch', epoch, batch, batches: 2, loss, accuracy: 0.5, imagesPerSecond: 1, etaSeconds: 1, time: '' });
  const e = (epoch: number): TrainEvent => ({ type: 'epoch', epoch, epochs: 3, loss: 0.5, accuracy: 0.5, testLoss: 0.5, testAccuracy: 0.5, imagesPerSecond: 1, etaSeconds: 1, time: '' });
  const events = [b(1, 1, 0.9), b(1, 2, 0.8), e(1), b(2, 1, 0.7) /* cancelled here */, b(2, 1, 0.65), b(2, 2, 0.6), e(2)];
  const r = effectiveEvents(events);
  assert.deepEqual(r.resumedAt, [1]);
  assert.deepEqual(r.events.filter((x) => x.type === 'batch').map((x) => x.type === 'batch' && x.loss), [0.9, 0.8, 0.65, 0.6]);
  assert.deepEqual(effectiveEvents([b(1, 1, 1), b(1, 2, 1), e(1)]).resumedAt, [], 'an epoch end after its last batch is no restart');
  const o = trainingCurvesOption(events);
  assert.equal((o.xAxis as Array<{ minInterval: number }>)[0].minInterval, 1, 'integer epoch ticks');
  assert.ok((o.series as Array<{ markLine?: { data: unknown[] } }>).some((x) => x.markLine?.data.length === 1), 'the resume is marked');
});

test('run curves: debiased smoothing, x as step / epoch / wall time, log axis drops non-positive values', () => {
  assert.deepEqual(smooth([1, 1, 1], 0.9).map((v) => +v.toFixed(9)), [1, 1, 1], 'debiased: a constant stays constant');
  assert.deepEqual(smooth([1, 3], 0), [1, 3]);
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
  const ev: TrainEvent[] = [
    { type: 'batch', epoch: 1, batch: 1, batches: 2, loss: 0.9, accuracy: 0, imagesPerSecond: 1, etaSeconds: 1, time: t(0) },
    { type: 'batch', epoch: 1, batch: 2, batches: 2, loss: 0.7, accuracy: 0.5, imagesPerSecond: 1, etaSeconds: 1, time: t(4) },
    { type: 'epoch', epoch: 1, epochs: 1, loss: 0.8, accuracy: 0.5, testLoss: 0.6, testAccuracy: 0.75, imagesPerSecond: 1, etaSeconds: 0, time: t(5) },
  ];
  assert.deepEqual(runCurvePoints(ev, 'train-loss', 'step'), [[1, 0.9], [2, 0.7]]);
  assert.deepEqual(runCurvePoints(ev, 'train-loss', 'time'), [[0, 0.9], [4, 0.7]]);
  assert.deepEqual(runCurvePoints(ev, 'test-accuracy', 'epoch'), [[1, 0.75]]);
  const zero = ev.map((e) => ({ ...e, loss: e.type === 'batch' && e.batch === 1 ? 0 : e.loss }));
  const o = runCurvesOption([{ name: 'A', color: '#123456', events: zero }, { name: 'B', color: '#654321', events: ev }], { x: 'step', smoothing: 0, logY: true });
  const series = o.series as Array<Series & { color: string; yAxisIndex: number; lineStyle: { type: string } }>;
  assert.deepEqual(series.find((s) => s.name === 'A · train' && s.yAxisIndex === 0)!.data, [[2, 0.7]], 'a 0 loss cannot sit on a log axis');
  assert.deepEqual(series.find((s) => s.name === 'A · train' && s.yAxisIndex === 1)!.data, [[1, 0], [2, 0.5]], 'accuracy stays linear');
  assert.ok(series.filter((s) => s.name.startsWith('A')).every((s) => s.color === '#123456'), 'several runs: each keeps its colour');
  assert.equal(series.find((s) => s.name === 'B · test')!.lineStyle.type, 'dotted', 'and a dash per split');
  assert.equal((o.yAxis as Array<{ type: string }>)[0].type, 'log');
  assert.equal((o.yAxis as Array<{ type: string }>)[1].type, 'value');
  assert.equal((o.dataZoom as Array<{ type: string }>).map((d) => d.type).join(), 'inside,slider', 'zoom: wheel/drag and a slider');
});

test('run curves: smoothing as TensorBoard (debiased EMA), raw faint behind; a validation split; the test set once, at the end', () => {
  const w = 0.6;
  const xs = [1, 0.5, 0.8, 0.2];
  let last = 0;
  const expected = xs.map((x, i) => ((last = last * w + (1 - w) * x), last / (1 - w ** (i + 1))));
  assert.deepEqual(smooth(xs, w), expected);
  const b = (epoch: number, batch: number, loss: number): TrainEvent => ({ type: 'batch', epoch, batch, batches: 2, loss, accuracy: 0.5, imagesPerSecond: 1, etaSeconds: 1, time: '' });
  const e = (epoch: number, extra: Partial<Extract<TrainEvent, { type: 'epoch' }>>): TrainEvent => ({ type: 'epoch', epoch, epochs: 2, loss: 0.5, accuracy: 0.5, imagesPerSecond: 1, etaSeconds: 1, time: '', ...extra });
  const events = [b(1, 1, 1), b(1, 2, 0.5), e(1, { valLoss: 0.9, valAccuracy: 0.6 }), b(2, 1, 0.8), b(2, 2, 0.2), e(2, { valLoss: 0.7, valAccuracy: 0.7, testLoss: 0.75, testAccuracy: 0.68 })];
  const o = runCurvesOption([{ name: 'r', events }], { x: 'step', smoothing: w, logY: false });
  const series = o.series as Array<Series & { color: string; yAxisIndex: number; silent?: boolean; lineStyle?: { opacity?: number }; label?: { formatter: string } }>;
  const train = series.filter((s) => s.name === 'train' && s.yAxisIndex === 0);
  assert.equal(train.length, 2, 'raw and smoothed');
  assert.deepEqual(train[0].data, [[1, 1], [2, 0.5], [3, 0.8], [4, 0.2]]);
  assert.equal(train[0].lineStyle?.opacity, 0.25, 'the raw line is faint');
  assert.deepEqual(train[1].data, expected.map((y, i) => [i + 1, y]));
  const c = splitColours();
  for (const [name, colour] of [['train', c.train], ['validation', c.validation], [TEST_ONCE_LABEL, c.test]] as const) {
    const both = series.filter((s) => s.name === name);
    assert.deepEqual([...new Set(both.map((s) => s.yAxisIndex))].sort(), [0, 1], `${name} on both charts`);
    assert.ok(both.every((s) => s.color === colour), `${name} keeps one colour on both charts`);
  }
  const test = series.filter((s) => s.name === TEST_ONCE_LABEL);
  assert.equal(test.length, 2, 'one point per chart, never smoothed');
  assert.deepEqual(test.find((s) => s.yAxisIndex === 1)!.data, [[4, 0.68]]);
  assert.equal(test[0].label?.formatter, TEST_ONCE_LABEL);
  const rows = runCurveRows([{ name: 'r', events }], 0);
  assert.deepEqual(rows.find((r) => r[1] === 'test' && r[2] === 'accuracy'), ['r', 'test', 'accuracy', 2, 4, NaN, 0.68, 0.68]);
  assert.equal(rows.filter((r) => r[1] === 'validation').length, 4);
});

test('histogram: log scale turns empty bins into gaps', () => {
  const o = insideOutsideHistogramOption({ edges: [-1, 0, 1], inside: [0, 4], outside: [1, 1], title: 't' }, { logY: true });
  assert.deepEqual((o.series as Series[])[0].data, [null, 1]);
  assert.equal((o.yAxis as { type: string }).type, 'log');
});

test('colour scale: colourOf is what colourise paints; an empty fixed field never means ±1', () => {
  const px = colourise([0.3, -2], 1, 'signed');
  assert.deepEqual(Array.from(px.subarray(0, 3)), colourOf(0.3, 1, 'signed'));
  assert.deepEqual(Array.from(px.subarray(4, 7)), colourOf(-2, 1, 'signed'));
  const maps = [[0, 5], [0, 2]];
  assert.deepEqual(scaleMaxima(maps, { sign: 'signed', mode: 'fixed', clipPercentile: 100 }), [5, 5], 'falls back to the shared row');
  assert.match(describeScale({ sign: 'signed', mode: 'fixed', clipPercentile: 100 }, 5), /no value set/);
  assert.match(describeScale({ sign: 'signed', mode: 'fixed', clipPercentile: 100, fixedMax: 0.25 }, 0.25), /fixed ±0\.250/);
  const blended = blendOverGrey([0], 1, 'signed', [100, 100, 100]);
  assert.deepEqual(Array.from(blended.subarray(0, 3)), [100, 100, 100], 'S = 0 leaves the grey input as it is');
});

test('runs: short ids, distinct colours, labels that tell runs apart', () => {
  assert.equal(shortId('run-20261126-101500-ab3x'), 'ab3x');
  const runs = Array.from({ length: 10 }, (_, k) => ({ id: `run-2026-${k}-x${k}`, createdAt: `2026-01-0${k}` }));
  assert.equal(new Set(Object.values(runColours(runs))).size, 10);
  const base = { datasetId: 'd', config: { ...DEFAULT_TRAIN_CONFIG, datasetId: 'd' }, checkpointEpoch: 1, name: 'n' };
  const labels = runLabels(
    [
      { ...base, id: 'a', testAccuracy: 0.9, createdAt: '2026-01-01T10:00:00Z' },
      { ...base, id: 'b', testAccuracy: 0.9, createdAt: '2026-01-01T11:00:00Z' },
      { ...base, id: 'c', testAccuracy: 0.5, createdAt: '2026-01-01T12:00:00Z' },
    ],
    { d: 'generated 32px × 200' },
  );
  assert.equal(labels.a, 'generated 32px × 200 · 10 ep · seed 1', 'the first run of its settings reads plain');
  assert.equal(labels.c, 'generated 32px × 200 · 10 ep · seed 1 · 01-01 12:00', 'a later twin gets its creation time');
  assert.equal(new Set(Object.values(labels)).size, 3, 'identical settings read apart');
});

test('runs (issue 21): a run keeps its label from creation to end, whatever finishes or starts around it', () => {
  const base = { datasetId: 'd', config: { ...DEFAULT_TRAIN_CONFIG, datasetId: 'd' }, name: 'black box (d)' };
  const names = { d: 'generated 32px × 200' };
  const created = { ...base, id: 'run-1-aaaa', testAccuracy: null, checkpointEpoch: 0, createdAt: '2026-01-01T10:00:00Z' };
  const running = runLabels([created], names)['run-1-aaaa'];
  const done = runLabels([{ ...created, testAccuracy: 0.94, checkpointEpoch: 10 }], names)['run-1-aaaa'];
  assert.equal(done, running, 'its test accuracy arriving at the end does not rename it');
  const twin = { ...created, id: 'run-2-bbbb', createdAt: '2026-01-01T11:00:00Z' };
  assert.equal(runLabels([created, twin], names)['run-1-aaaa'], running, 'a twin started later does not rename it');
  assert.equal(runLabels([twin, created], names)['run-1-aaaa'], running, 'whatever the listing order');
  const sameMinute = { ...twin, id: 'run-3-cccc' };
  const three = runLabels([created, twin, sameMinute], names);
  assert.equal(new Set(Object.values(three)).size, 3, 'twins started in the same minute get their short id');
  assert.equal(runLabels([{ ...created, named: true, name: 'baseline' }], names)['run-1-aaaa'], 'baseline', 'a name a person gives is the label');
});

test('ETA from the overall rate: a new stage with a cumulative count does not reset it to 0 s', () => {
  let w = nextWindow(undefined, 0, 100, 0);
  w = nextWindow(w, 50, 100, 10_000); // half-way, stage changed (e.g. the second method)
  assert.equal(overallEta(w, 50, 10_000), 10);
  assert.equal(nextWindow(w, 10, 40, 11_000).total, 40, 'a new total starts a new window');
});

test('VAE curves: the KL axis starts at 0 and KL is dotted on it; every legend entry has its own colour', () => {
  const ev = (epoch: number): VaeTrainEvent => ({ type: 'epoch', epoch, epochs: 2, loss: 0.6, reconstructionLoss: 0.6 - epoch / 100, kl: 2.5 + epoch / 100, testReconstructionLoss: 0.61, testKl: 2.52, imagesPerSecond: 50, etaSeconds: 0, time: '', reconstructionsFile: '', reconstructionIndices: [] });
  const batch: VaeTrainEvent = { type: 'batch', epoch: 1, batch: 3, batches: 10, loss: 0.7, reconstructionLoss: 0.7, kl: 2.5, imagesPerSecond: 50, etaSeconds: 9, time: '' };
  const o = vaeCurvesOption([batch, ev(1), ev(2)]) as { yAxis: Array<{ min?: number; scale?: boolean }>; series: Array<{ name: string; yAxisIndex: number; itemStyle: { color: string }; lineStyle: { type: string } }> };
  assert.equal(o.yAxis[1].min, 0, 'a KL of 2.51 → 2.53 is not stretched over the whole height');
  for (const s of o.series.filter((x) => x.yAxisIndex === 1)) assert.ok(s.name.includes('right axis') && s.lineStyle.type === 'dotted', s.name);
  assert.equal(new Set(o.series.map((s) => s.itemStyle.color)).size, o.series.length);
});

test('concept scores: with glasses styles, the "with" bars stack dark over clear and sum to the with-group histogram', () => {
  const scores = [9, 8, 2, 1, 0, -1, 7, 3];
  const labels = [1, 1, 1, 1, 0, 0, 1, 0];
  const styles = ['dark', 'dark', 'clear', 'clear', 'none', 'none', 'dark', 'none'] as const;
  type Bar = { name: string; stack?: string; data: number[] };
  const plain = conceptScoresOption({ scores, labels, attribute: 'Eyeglasses', auroc: 0.9, bins: 5 }).series as Bar[];
  const split = conceptScoresOption({ scores, labels, attribute: 'Eyeglasses', auroc: 0.9, bins: 5, styles: [...styles], aurocByStyle: { dark: 1, clear: 0.833 } }).series as Bar[];
  assert.equal(plain.length, 2);
  assert.deepEqual(split.map((s) => s.name), ['with dark glasses (n = 3, AUROC 1.000)', 'with clear glasses (n = 2, AUROC 0.833)', 'without (n = 3)']);
  assert.deepEqual(split.slice(0, 2).map((s) => s.stack), ['with', 'with']);
  plain[0].data.forEach((v, k) => assert.ok(Math.abs(split[0].data[k] + split[1].data[k] - v) < 1e-12, `bin ${k}`));
});
