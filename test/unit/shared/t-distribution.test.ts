/**
 * The t distribution, the t interval, the paired t-test and the bootstrap of the seeds analysis (issue 18)
 * against reference values (scipy 1.17: stats.t.ppf / cdf, special.betainc, stats.ttest_1samp), and the
 * nulls where no number can be had.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTPdf, studentTQuantile, studentTTwoSidedP } from '../../../src/shared/t-distribution.ts';
import { pairedTTest, tInterval } from '../../../src/shared/t-interval.ts';
import { bootstrapMeanInterval, quantileSorted } from '../../../src/shared/bootstrap.ts';

const close = (actual: number, expected: number, rel = 1e-9, what = '') =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1e-300, Math.abs(expected)), `${what} ${actual} vs ${expected}`);

test('logGamma: Γ(n) = (n − 1)!, Γ(1/2) = √π', () => {
  assert.ok(Math.abs(logGamma(1)) < 1e-14, 'ln Γ(1) = 0');
  close(logGamma(5), Math.log(24), 1e-13);
  close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13);
  close(logGamma(0.1), Math.log(9.513507698668732), 1e-12);
  assert.throws(() => logGamma(0), /x > 0/);
});

test('regularized incomplete beta against scipy.special.betainc', () => {
  close(regularizedIncompleteBeta(0.3, 2, 3), 0.3483, 1e-12);
  close(regularizedIncompleteBeta(0.9, 0.5, 0.5), 0.7951672353008665, 1e-12);
  close(regularizedIncompleteBeta(0.01, 10, 0.5), 1.770034965528571e-21, 1e-9);
  assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
  assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
  assert.throws(() => regularizedIncompleteBeta(1.5, 2, 3), /x in \[0, 1\]/);
});

test('t quantiles: the known table values and scipy.stats.t.ppf', () => {
  assert.equal(+studentTQuantile(0.975, 2).toFixed(6), 4.302653);
  assert.equal(+studentTQuantile(0.975, 10).toFixed(6), 2.228139);
  const cases: Array<[number, number, number]> = [
    [0.975, 1, 12.706204736174694],
    [0.975, 2, 4.302652729749462],
    [0.975, 10, 2.228138851986274],
    [0.975, 30, 2.0422724563012378],
    [0.995, 4, 4.604094871349992],
    [0.95, 3, 2.3533634348018233],
    [0.6, 7, 0.2631668613520229],
    [0.999999, 2, 707.1057205157672],
    [0.975, 0.5, 164.55767348048818],
    [0.975, 1000, 1.9623390808264083],
  ];
  for (const [p, df, q] of cases) {
    close(studentTQuantile(p, df), q, 1e-9, `t(${p}, ${df})`);
    close(studentTQuantile(1 - p, df), -q, 1e-8, `t(${1 - p}, ${df})`);
  }
  assert.equal(studentTQuantile(0.5, 4), 0);
  assert.equal(studentTQuantile(1, 4), Infinity);
  assert.throws(() => studentTQuantile(0.975, 0), /degrees of freedom > 0/);
});

test('t CDF and density against scipy.stats.t', () => {
  const cases: Array<[number, number, number]> = [
    [2, 5, 0.9490302605850708],
    [-1.5, 3, 0.11529193262241147],
    [1, 1, 0.75],
    [0.3, 20, 0.6163634983781199],
    [10, 2, 0.9950737714883372],
    [-40, 4, 1.1670081613006339e-6],
  ];
  for (const [t, df, p] of cases) close(studentTCdf(t, df), p, 1e-10, `F(${t}; ${df})`);
  assert.equal(studentTCdf(0, 3), 0.5);
  // Cauchy density at 0 is 1/π; the quantile inverts the CDF.
  close(studentTPdf(0, 1), 1 / Math.PI, 1e-13);
  close(studentTCdf(studentTQuantile(0.9, 6), 6), 0.9, 1e-12);
  close(studentTTwoSidedP(2, 5), 2 * (1 - 0.9490302605850708), 1e-9);
});

test('t interval and paired t-test against scipy (ttest_1samp, t.interval)', () => {
  const d = [0.7, 0.78, 0.74];
  const r = pairedTTest(d);
  close(r.mean!, 0.74, 1e-12);
  close(r.t!, 32.04293994002419, 1e-9);
  close(r.p!, 0.0009725263667074347, 1e-8);
  close(r.ci![0], 0.6406344915299866, 1e-9);
  close(r.ci![1], 0.8393655084700131, 1e-9);
  assert.equal(r.n, 3);
  assert.ok(r.ci![0] <= r.mean! && r.mean! <= r.ci![1]);
});

test('fewer than 2 values, or no spread: the interval or the p is null with a reason, never a number', () => {
  const one = tInterval([0.5]);
  assert.equal(one.ci, null);
  assert.equal(one.mean, 0.5);
  assert.match(one.reason!, /one value/);
  const none = pairedTTest([]);
  assert.equal(none.mean, null);
  assert.equal(none.p, null);
  const same = pairedTTest([-1, -1, -1]);
  assert.deepEqual(same.ci, [-1, -1]);
  assert.equal(same.p, null);
  assert.equal(same.t, null);
  assert.match(same.reason!, /no spread/);
  assert.equal(bootstrapMeanInterval([0.3], { resamples: 100, seed: 1, level: 0.95 }), null);
});

test('percentile bootstrap: seeded (same seed, same interval), inside the range, around the mean', () => {
  const v = [0.613, 0.7071, 0.7432, 0.8017, 0.6655, 0.7219, 0.5903, 0.6848];
  const a = bootstrapMeanInterval(v, { resamples: 999, seed: 7, level: 0.95 })!;
  const b = bootstrapMeanInterval(v, { resamples: 999, seed: 7, level: 0.95 })!;
  assert.deepEqual(a, b);
  assert.notDeepEqual(bootstrapMeanInterval(v, { resamples: 999, seed: 8, level: 0.95 }), a, 'another seed draws other resamples');
  assert.ok(a[0] >= Math.min(...v) && a[1] <= Math.max(...v) && a[0] < a[1], `${a}`);
  const m = v.reduce((x, y) => x + y) / v.length;
  assert.ok(a[0] < m && m < a[1]);
  // Constant values: every resample has the same mean.
  assert.deepEqual(bootstrapMeanInterval([2, 2, 2], { resamples: 50, seed: 1, level: 0.95 }), [2, 2]);
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
});
