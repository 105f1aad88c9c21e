/**
 * `experiment blackbox` text output (issue 15): the pointing game as a hit rate with its n, a paired
 * comparison without a test as its reason (never "p = 1"), IG's completeness gap when IG ran.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blackboxExperiment, type BlackboxSummary } from '../../../../../src/main/host/experiments/blackbox/definition.ts';

const numbers = { boxMassShare: NaN, enrichment: NaN, zeroFractionInBox: 1, pointingGame: 0.05, auroc: 0.5, images: 40, n: { boxMassShare: 0, enrichment: 0, zeroFractionInBox: 40, pointingGame: 38, auroc: 40 } };
const summary: BlackboxSummary = {
  runId: 'r1',
  runDir: '/w/runs/r1',
  testAccuracy: 0.99,
  backend: 'cpu',
  report: '/w/runs/r1/report/report.html',
  metrics: { rectgrad: numbers, 'integrated-gradients': { ...numbers, completenessGap: -0.0012, n: { ...numbers.n, completenessGap: 40 } } },
  comparisons: [
    { a: 'nobias-rectgrad', b: 'rectgrad', metric: 'boxMassShare', pairs: 40, undefinedPairs: 40, zeroDifferences: 0, n: 0, wPlus: 0, z: null, p: null, pMethod: 'none', reason: 'all-maps-zero', medianDifference: NaN, allZeroMaps: { a: 0, b: 40 } },
  ],
};

test('text: pointing hit rate with n, completeness gap for IG, and the comparison reason instead of a p-value', () => {
  const lines = blackboxExperiment.describe(summary);
  const rect = lines.find((l) => l.startsWith('rectgrad'))!;
  assert.match(rect, /pointing hit rate 0\.05 \(n = 38\)/);
  assert.doesNotMatch(rect, /completeness/);
  assert.match(lines.find((l) => l.startsWith('integrated-gradients'))!, /completeness gap -0\.0012/);
  const comparison = lines.find((l) => l.startsWith('Wilcoxon'))!;
  assert.match(comparison, /no test: each of the 40 images has an all-zero map under nobias-rectgrad or rectgrad/);
  assert.doesNotMatch(comparison, /p = /);
});
