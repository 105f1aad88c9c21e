import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainingCurvesOption } from '../../../src/shared/chart-options/training-curves.ts';
import { insideOutsideHistogramOption } from '../../../src/shared/chart-options/inside-outside-histogram.ts';
import { metricsComparisonOption } from '../../../src/renderer/charts/options/metrics-comparison.ts';
import { differenceMap } from '../../../src/renderer/map-math.ts';
import type { TrainEvent } from '../../../src/shared/run.ts';

type Series = { name: string; data: unknown[] };

test('training curves: batches placed at fractional epochs, epochs at integers', () => {
  const events: TrainEvent[] = [
    { type: 'batch', epoch: 1, batch: 5, batches: 10, loss: 0.7, accuracy: 0.5, imagesPerSecond: 100, etaSeconds: 10, time: '' },
    { type: 'batch', epoch: 1, batch: 10, batches: 10, loss: 0.5, accuracy: 0.7, imagesPerSecond: 100, etaSeconds: 9, time: '' },
    { type: 'epoch', epoch: 1, epochs: 2, loss: 0.55, accuracy: 0.65, testLoss: 0.4, testAccuracy: 0.8, imagesPerSecond: 100, etaSeconds: 9, time: '' },
  ];
  const series = trainingCurvesOption(events).series as Series[];
  assert.deepEqual(series.find((s) => s.name === 'train loss (batch)')!.data, [[0.5, 0.7], [1, 0.5]]);
  assert.deepEqual(series.find((s) => s.name === 'test acc')!.data, [[1, 0.8]]);
  assert.equal((trainingCurvesOption([]).series as Series[]).every((s) => s.data.length === 0), true);
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

test('metrics comparison: one bar per row with IQR marks', () => {
  const o = metricsComparisonOption([{ name: 'rectgrad', value: { median: 0, q1: 0, q3: 0.1 } }, { name: 'nobias', value: { median: 9.5, q1: 7, q3: 12 } }], 'enrichment');
  const s = o.series as Series[];
  assert.deepEqual(s[0].data, [0, 9.5]);
  assert.deepEqual(s[2].data, [0.1, 12]);
});

test('difference map', () => {
  assert.deepEqual(differenceMap([1, 2, -3], [0, 4, -3]), { values: [1, -2, 0], maxAbs: 2 });
});
