/**
 * Metrics by group (issue 21): which explained images each group holds, with its n and the rule's numbers;
 * an empty group's words; and a group's summary and paired test are the worker's own functions, so the
 * "all" group gives back exactly what the run stored (after the JSON trip that turns NaN into null).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageMetricsRow, PairedComparison } from '../../../src/shared/analysis.ts';
import { methodSummary } from '../../../src/shared/method-summary.ts';
import { type GroupableMethod, type ImageFacts, boxSideTertiles, explainedUnion, groupComparisons, groupSummaries, metricGrouping } from '../../../src/shared/metric-groups.ts';
import { compareMethods } from '../../../src/shared/paired-comparison.ts';
import { pairedTestText } from '../../../src/shared/paired-test.ts';

/** Ten explained images (dataset indices 100…109), boxes of sides 4…8 px, labels all 1 (they have a box). */
const INDICES = Array.from({ length: 10 }, (_, i) => 100 + i);
const SIDES = [4, 8, 5, 7, 6, 4, 8, 6, 5, 7];
const facts: Array<ImageFacts | undefined> = [];
INDICES.forEach((index, k) => (facts[index] = { label: 1, box: { side: SIDES[k] } }));
/** Predictions per dataset index: images 102 and 107 predicted "no box". */
const predictions = Array.from({ length: 110 }, (_, i) => (i === 102 || i === 107 ? 0 : 1));

const byId = (g: ReturnType<typeof metricGrouping>, id: string) => g.groups.find((x) => x.id === id)!;

test('groups: all, correct and wrong predictions, box-size tertiles by nearest rank with their ranges and n', () => {
  const g = metricGrouping(INDICES, predictions, facts);
  assert.equal(g.explained, 10);
  assert.deepEqual(byId(g, 'all').indices, INDICES);
  assert.deepEqual(byId(g, 'wrong').indices, [102, 107]);
  assert.deepEqual(byId(g, 'correct').indices, INDICES.filter((i) => i !== 102 && i !== 107));
  // Sorted sides 4 4 5 5 6 6 7 7 8 8: the ⌈10/3⌉ = 4th is 5, the ⌈20/3⌉ = 7th is 7.
  assert.deepEqual(boxSideTertiles(SIDES), { lower: 5, upper: 7 });
  assert.deepEqual(byId(g, 'box-small').indices, [100, 102, 105, 108]);
  assert.deepEqual(byId(g, 'box-medium').indices, [103, 104, 107, 109]);
  assert.deepEqual(byId(g, 'box-large').indices, [101, 106]);
  assert.equal(byId(g, 'box-small').label, 'small boxes (side ≤ 5 px)');
  assert.equal(byId(g, 'box-medium').label, 'medium boxes (5 px < side ≤ 7 px)');
  assert.equal(byId(g, 'box-large').label, 'large boxes (side > 7 px)');
  assert.equal(g.boxRule, "box size: tertiles of the 10 explained images' box sides (nearest rank): small ≤ 5 px < medium ≤ 7 px < large");
  // Every image is in exactly one box group and in exactly one of correct / wrong.
  const boxes = ['box-small', 'box-medium', 'box-large'].flatMap((id) => byId(g, id).indices).sort();
  assert.deepEqual(boxes, INDICES);
  assert.equal(byId(g, 'correct').indices.length + byId(g, 'wrong').indices.length, 10);
  for (const x of g.groups) assert.equal(x.unavailable, null);
});

test('an empty group says so, with how many images were explained; unknown facts make a group unavailable', () => {
  const allRight = metricGrouping(INDICES, Array.from({ length: 110 }, () => 1), facts);
  assert.deepEqual(byId(allRight, 'wrong').indices, []);
  assert.equal(byId(allRight, 'wrong').emptyText, 'no wrong predictions among the 10 explained images');
  // Every box the same side: both cuts fall on it; small holds all, medium and large are empty and say why.
  const same: Array<ImageFacts | undefined> = [];
  for (const i of INDICES) same[i] = { label: 1, box: { side: 6 } };
  const tied = metricGrouping(INDICES, predictions, same);
  assert.equal(byId(tied, 'box-small').indices.length, 10);
  assert.match(byId(tied, 'box-medium').emptyText, /^no medium boxes: both tertile cuts fall on side 6 px .* among the 10 explained images$/);
  assert.equal(byId(tied, 'box-large').emptyText, 'no box with side > 6 px among the 10 explained images');
  // No predictions (training unfinished), no dataset items yet.
  const noPred = metricGrouping(INDICES, null, facts);
  assert.match(byId(noPred, 'wrong').unavailable ?? '', /no predictions/);
  assert.equal(byId(noPred, 'box-small').unavailable, null);
  const noItems = metricGrouping(INDICES, predictions, []);
  assert.match(byId(noItems, 'correct').unavailable ?? '', /not loaded/);
  assert.match(byId(noItems, 'box-large').unavailable ?? '', /not loaded/);
  assert.equal(byId(noItems, 'all').unavailable, null);
  assert.equal(metricGrouping([], predictions, facts).groups[0].indices.length, 0);
  // An image whose prediction is unknown (predictions shorter than the dataset) is in "all" only.
  const one = metricGrouping([100], [1], facts);
  assert.deepEqual([byId(one, 'all').indices, byId(one, 'correct').indices, byId(one, 'wrong').indices], [[100], [], []]);
  assert.equal(byId(one, 'wrong').emptyText, 'no wrong predictions among the 1 explained image');
});

/** Rows as the worker makes them for two methods: RectGrad's maps all zero (box share NaN) on 3 images. */
function rowsOf(seed: number, zeroAt: readonly number[] = []): ImageMetricsRow[] {
  return INDICES.map((index, k) => {
    const v = ((k * 7 + seed * 13) % 11) / 11;
    const zero = zeroAt.includes(k);
    return {
      index,
      boxMassShare: zero ? NaN : v,
      enrichment: zero ? NaN : v * 10,
      zeroFractionInBox: zero ? 1 : v / 2,
      pointingGame: k % 3 === 0 ? 1 : 0,
      auroc: zero ? NaN : 0.5 + v / 2,
      topKIoU: v / 3,
      intensitySpearman: v - 0.5,
      darkSuppressionRatio: v * 2,
    };
  });
}

test('"all" is exactly the worker\'s summary and paired test, read back through JSON (NaN as null)', () => {
  const a = rowsOf(1);
  const b = rowsOf(2, [1, 4, 8]);
  const aZero = a.map(() => false);
  const bZero = b.map((_, k) => [1, 4, 8].includes(k));
  const ig = a.map((r, k) => ({ ...r, completenessGap: k === 3 ? NaN : k / 10 }));
  // What the worker stores (compute-maps.ts): methodSummary(rows, gaps) and compareMethods(values, all-zero flags).
  const worker = {
    a: methodSummary(a),
    b: methodSummary(b),
    ig: methodSummary(ig, ig.map((r) => r.completenessGap!)),
    test: { ...compareMethods({ method: 'nobias-rectgrad', values: a.map((r) => r.boxMassShare), allZero: aZero }, { method: 'rectgrad', values: b.map((r) => r.boxMassShare), allZero: bZero }), metric: 'boxMassShare' as const },
  };
  const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  const methods: GroupableMethod[] = wire([
    { method: 'nobias-rectgrad', perImage: a, allZero: aZero },
    { method: 'rectgrad', perImage: b, allZero: bZero },
    { method: 'integrated-gradients', perImage: ig },
  ]);
  assert.equal(methods[1].perImage[1].boxMassShare, null, 'JSON has turned NaN into null');
  const all = groupSummaries(methods, INDICES);
  assert.deepEqual(all.map((s) => s.images), [10, 10, 10]);
  assert.deepEqual(wire(all.map((s) => s.summary)), wire([worker.a, worker.b, worker.ig]));
  assert.equal(all[1].summary.boxMassShare.n, 7, 'the NaN shares read back as undefined, not as 0');
  const [paired] = groupComparisons(wire([worker.test]), methods, INDICES);
  assert.deepEqual(wire(paired), wire(worker.test));
  assert.deepEqual(paired.allZeroMaps, { a: 0, b: 3 });
});

test('a group: each method summarised over its images only, the test on the group\'s pairs; an empty group has none', () => {
  const a = rowsOf(1);
  const b = rowsOf(2, [1, 4, 8]);
  const methods: GroupableMethod[] = [
    { method: 'nobias-rectgrad', perImage: a, allZero: a.map(() => false) },
    { method: 'rectgrad', perImage: b, allZero: b.map((_, k) => [1, 4, 8].includes(k)) },
  ];
  const stored: PairedComparison[] = [{ ...compareMethods({ method: 'nobias-rectgrad', values: [] }, { method: 'rectgrad', values: [] }), metric: 'boxMassShare' }];
  const g = metricGrouping(INDICES, predictions, facts);
  const small = byId(g, 'box-small').indices; // 100, 102, 105, 108: positions 0, 2, 5, 8
  const s = groupSummaries(methods, small);
  assert.deepEqual(s.map((x) => x.images), [4, 4]);
  assert.deepEqual(s[0].summary, methodSummary([a[0], a[2], a[5], a[8]]));
  assert.deepEqual(s[1].summary, methodSummary([b[0], b[2], b[5], b[8]]));
  const [t] = groupComparisons(stored, methods, small);
  assert.deepEqual([t.pairs, t.undefinedPairs, t.pMethod, t.allZeroMaps], [4, 1, 'exact', { a: 0, b: 1 }]);
  assert.deepEqual(t, { ...compareMethods({ method: 'nobias-rectgrad', values: [0, 2, 5, 8].map((k) => a[k].boxMassShare), allZero: [false, false, false, false] }, { method: 'rectgrad', values: [0, 2, 5, 8].map((k) => b[k].boxMassShare), allZero: [false, false, false, true] }), metric: 'boxMassShare' });
  // Only RectGrad's all-zero images: every pair has a zero map, and the test says that, with its n.
  const [z] = groupComparisons(stored, methods, [101, 104, 108]);
  assert.equal(z.reason, 'all-maps-zero');
  assert.match(pairedTestText(z, 'box mass share'), /^no test: each of the 3 images has an all-zero map/);
  // An empty group: n = 0 for every method and a test with no pairs.
  const empty = groupSummaries(methods, []);
  assert.deepEqual(empty.map((x) => x.images), [0, 0]);
  const [none] = groupComparisons(stored, methods, []);
  assert.deepEqual([none.pairs, none.n, none.p, none.reason], [0, 0, null, 'no-pairs']);
  // Without all-zero flags the test still runs, and counts no zero maps.
  const [plain] = groupComparisons(stored, methods.map((m) => ({ method: m.method, perImage: m.perImage })), small);
  assert.equal(plain.allZeroMaps, undefined);
  assert.equal(plain.n, t.n);
  // A comparison whose methods are not both present is left out; the union keeps first-seen order.
  assert.deepEqual(groupComparisons(stored, methods.slice(0, 1), small), []);
  assert.deepEqual(explainedUnion([{ indices: [3, 1] }, { indices: [1, 2] }]), [3, 1, 2]);
});
