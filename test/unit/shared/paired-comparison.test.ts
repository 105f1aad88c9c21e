/** The paired test of two methods names all-zero maps as the reason it has no test (issue 15, item 5). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allZeroMaps, compareMethods } from '../../../src/shared/paired-comparison.ts';

test('allZeroMaps: one flag per stacked map, true only when every entry is exactly 0', () => {
  assert.deepEqual(allZeroMaps(new Float32Array([0, 0, 0, 1e-30, 0, 0, -0, 0, 0]), 3), [true, false, true]);
});

test('every pair with an all-zero map: no test, p null, reason all-maps-zero, counts per method', () => {
  // RectGrad on black boxes: its map is all zero, so its box share is undefined on every image.
  const c = compareMethods(
    { method: 'nobias-rectgrad', values: [0.4, 0.5, 0.6], allZero: [false, false, false] },
    { method: 'rectgrad', values: [NaN, NaN, NaN], allZero: [true, true, true] },
  );
  assert.deepEqual([c.a, c.b, c.n, c.p, c.z, c.pMethod, c.reason], ['nobias-rectgrad', 'rectgrad', 0, null, null, 'none', 'all-maps-zero']);
  assert.deepEqual(c.allZeroMaps, { a: 0, b: 3 });
});

test('undefined values that are not all-zero maps keep the generic reason; a real test has none', () => {
  const c = compareMethods({ method: 'a', values: [NaN, NaN], allZero: [false, true] }, { method: 'b', values: [0.1, 0.2], allZero: [false, false] });
  assert.equal(c.reason, 'no-defined-pairs');
  const t = compareMethods({ method: 'a', values: [0.9, 0.8, 0.7, NaN], allZero: [false, false, false, true] }, { method: 'b', values: [0.1, 0.2, 0.3, 0.4], allZero: [false, false, false, false] });
  assert.deepEqual([t.n, t.pairs, t.undefinedPairs, t.p, t.pMethod, t.reason], [3, 4, 1, 0.25, 'exact', null]);
  assert.deepEqual(t.allZeroMaps, { a: 1, b: 0 });
});

test('without all-zero flags (maps unreadable) the test runs as Wilcoxon says, counting and naming no zero maps', () => {
  const c = compareMethods({ method: 'a', values: [0.4, 0.5] }, { method: 'b', values: [NaN, NaN], allZero: [true, true] });
  assert.deepEqual([c.n, c.reason, c.allZeroMaps], [0, 'no-defined-pairs', undefined]);
  assert.throws(() => compareMethods({ method: 'a', values: [1, 2], allZero: [false] }, { method: 'b', values: [1, 2] }), /one all-zero flag per value/);
});
