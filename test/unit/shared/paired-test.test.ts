/**
 * How every front door words a paired comparison (issue 15, item 5): a comparison without a test shows
 * its reason, never "p = 1"; stored files of every version read back that way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type PairedTest, formatP, pairedTestText } from '../../../src/shared/paired-test.ts';
import { StoredBoxComparisonsSchema, StoredConceptComparisonsSchema } from '../../../src/shared/schemas/paired-test.ts';

const base: PairedTest = { a: 'nobias-rectgrad', b: 'rectgrad', pairs: 20, undefinedPairs: 0, zeroDifferences: 0, n: 20, wPlus: 210, z: 3.9, p: 2 / 2 ** 20, pMethod: 'exact', reason: null, medianDifference: 0.25 };

test('a test: n, median difference, z, p and its method; fewer pairs than images say where they went', () => {
  assert.equal(pairedTestText(base, 'box mass share'), 'n = 20, median difference 0.250 (nobias-rectgrad − rectgrad), z = 3.90, p = 1.9e-6 (two-sided, exact)');
  const fewer = { ...base, n: 12, undefinedPairs: 5, zeroDifferences: 3, allZeroMaps: { a: 0, b: 5 } };
  assert.match(pairedTestText(fewer, 'box mass share'), /^n = 12 of 20 images \(5 without a defined value \(all-zero maps: nobias-rectgrad 0, rectgrad 5\), 3 with zero difference left out\)/);
});

test('no test: the reason instead of a p-value, for each reason', () => {
  const none = { ...base, n: 0, z: null, p: null, pMethod: 'none' as const, wPlus: 0 };
  const zero = pairedTestText({ ...none, undefinedPairs: 20, reason: 'all-maps-zero', allZeroMaps: { a: 0, b: 20 } }, 'box mass share');
  assert.equal(zero, 'no test: each of the 20 images has an all-zero map under nobias-rectgrad or rectgrad, so its box mass share is undefined (all-zero maps: nobias-rectgrad 0, rectgrad 20)');
  assert.match(pairedTestText({ ...none, zeroDifferences: 20, reason: 'all-differences-zero' }, 'box mass share'), /^no test: every one of the 20 images .* \(difference exactly 0\)$/);
  assert.equal(pairedTestText({ ...none, pairs: 0, reason: 'no-pairs' }, 'box mass share'), 'no test: there were no images to compare');
  assert.match(pairedTestText({ ...none, undefinedPairs: 20, reason: 'no-defined-pairs' }, 'eye-region share'), /^no test: the eye-region share is undefined/);
  for (const t of [zero]) assert.doesNotMatch(t, /p =/);
  assert.equal(formatP(null), 'no p-value');
  assert.equal(formatP(0), 'p < 1e-300');
});

test('stored files: an old "p = 1" without a test reads as no test with its reason; a real test is kept', () => {
  // As written before issue 15 (n = 0, p = 1, z = 0) and before issue 7 (no pair counts, no pMethod).
  const before15 = { a: 'nobias-rectgrad', b: 'rectgrad', metric: 'boxMassShare', pairs: 40, undefinedPairs: 40, zeroDifferences: 0, n: 0, wPlus: 0, z: 0, p: 1, pMethod: 'none', medianDifference: null };
  const before7 = { a: 'nobias-rectgrad', b: 'rectgrad', metric: 'eyeRegionShareDark', n: 0, wPlus: 0, z: 0, p: 1, medianDifference: null };
  const [old] = StoredBoxComparisonsSchema.parse([before15]);
  assert.deepEqual([old.p, old.z, old.reason, old.pairs], [null, null, 'no-defined-pairs', 40]);
  assert.ok(Number.isNaN(old.medianDifference));
  const [older] = StoredConceptComparisonsSchema.parse([before7]);
  assert.deepEqual([older.p, older.reason, older.pairs, older.pMethod], [null, null, null, 'none']);
  assert.match(pairedTestText(older, 'eye-region share'), /^no test: .*did not record why/);
  const [kept] = StoredBoxComparisonsSchema.parse([{ ...base, metric: 'boxMassShare' }]);
  assert.deepEqual([kept.p, kept.pMethod, kept.reason], [base.p, 'exact', null]);
  assert.throws(() => StoredBoxComparisonsSchema.parse([{ ...base, metric: 'boxMassShare', p: 2 }]));
});
