import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auroc, quantile, spearman, wilcoxonSignedRank, normalCdf } from '../../../../src/worker/analysis/statistics.ts';
import { averageRanks } from '../../../../src/worker/analysis/ranks.ts';

test('average ranks share ties', () => {
  assert.deepEqual(Array.from(averageRanks([10, 20, 20, 5])), [2, 3.5, 3.5, 1]);
});

test('quantiles interpolate linearly like numpy', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
  assert.ok(Number.isNaN(quantile([NaN], 0.5)));
});

test('AUROC: perfect, inverted, chance with ties', () => {
  assert.equal(auroc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]), 1);
  assert.equal(auroc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0]), 0);
  assert.equal(auroc([0, 0, 0, 0], [1, 0, 1, 0]), 0.5, 'an all-zero map cannot rank the box: 0.5');
  assert.ok(Number.isNaN(auroc([1, 2], [1, 1])));
});

test('Spearman ρ on monotone and reversed data', () => {
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [10, 20, 30, 400]) - 1) < 1e-12);
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12);
  assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
});

test('Wilcoxon signed-rank matches a worked example (normal approximation)', () => {
  // Differences 1..10 all positive: W+ = 55, n = 10, mean 27.5, var 96.25 → z = (27.5 − 0.5)/9.81 = 2.752
  const a = Array.from({ length: 10 }, (_, i) => i + 1 + 100);
  const b = new Array(10).fill(100);
  const w = wilcoxonSignedRank(a, b);
  assert.equal(w.n, 10);
  assert.equal(w.wPlus, 55);
  assert.ok(Math.abs(w.z - 2.752) < 1e-3, `z ${w.z}`);
  assert.ok(Math.abs(w.p - 0.00592) < 2e-4, `p ${w.p}`);
  const none = wilcoxonSignedRank([1, 2], [1, 2]);
  assert.equal(none.p, 1);
});

test('normal CDF', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
});
