/** The pointing game is a hit rate reported with its n, never a "median" (issue 15, item 7). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METRICS, metricSpread } from '../../../src/renderer/metric-info.ts';
import type { MethodSummary, Spread } from '../../../src/shared/run.ts';

const sp = (median: number, n: number): Spread => ({ median, q1: median - 0.1, q3: median + 0.1, n });
const summary: MethodSummary = {
  images: 40,
  boxMassShare: sp(0.3, 38),
  enrichment: sp(5, 38),
  zeroFractionInBox: sp(0, 40),
  pointingGame: 0.75,
  pointingGameN: 36,
  auroc: sp(0.9, 40),
  topKIoU: sp(0.4, 40),
  intensitySpearman: sp(0.2, 37),
  darkSuppressionRatio: sp(0.5, 40),
};

test('pointing game: a hit rate over its own n; the spread metrics stay medians with theirs', () => {
  assert.deepEqual(metricSpread(summary, 'pointingGame'), { value: 0.75, statistic: 'hit rate', q1: null, q3: null, n: 36 });
  assert.deepEqual(metricSpread(summary, 'intensitySpearman'), { value: 0.2, statistic: 'median', q1: 0.1, q3: 0.30000000000000004, n: 37 });
  // A run stored before issue 15 has no pointingGameN: its rate was over every image.
  const { pointingGameN: _, ...old } = summary;
  assert.equal(metricSpread(old, 'pointingGame').n, 40);
  const def = METRICS.find((m) => m.key === 'pointingGame')!.definition;
  assert.match(def, /hit rate/i);
  assert.doesNotMatch(def, /a mean over/i);
});
