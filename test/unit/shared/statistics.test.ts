import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auroc, erfc, pointingGameRate, quantile, spearman, spread, wilcoxonSignedRank, normalCdf } from '../../../src/shared/statistics.ts';
import { averageRanks } from '../../../src/shared/ranks.ts';

test('average ranks share ties', () => {
  assert.deepEqual(Array.from(averageRanks([10, 20, 20, 5])), [2, 3.5, 3.5, 1]);
});

test('quantiles interpolate linearly like numpy', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
  assert.ok(Number.isNaN(quantile([NaN], 0.5)));
});

test('a spread says how many values were defined', () => {
  assert.deepEqual(spread([1, NaN, 3, NaN, 2]), { median: 2, q1: 1.5, q3: 2.5, n: 3 });
  const none = spread([NaN, NaN]);
  assert.equal(none.n, 0);
  assert.ok(Number.isNaN(none.median));
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

test('Spearman ρ with ties: Pearson r of the average ranks (scipy.stats.spearmanr), against hand-computed values', () => {
  // x = [1, 2, 2, 3]: average ranks [1, 2.5, 2.5, 4]; y = [1, 3, 2, 4]: ranks [1, 3, 2, 4]; both means 2.5.
  // Deviations dx = [−1.5, 0, 0, 1.5], dy = [−1.5, 0.5, −0.5, 1.5]: Σdx·dy = 4.5, Σdx² = 4.5, Σdy² = 5,
  // ρ = 4.5 / √(4.5 · 5) = 3/√10 = 0.948683298…  (The tie-free shortcut 1 − 6Σd²/(n(n² − 1)) gives 0.95, and
  // ranking the tied 2s 2 and 3 by position gives 0.8: both are wrong here.)
  assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 3, 2, 4]) - 3 / Math.sqrt(10)) < 1e-12, String(spearman([1, 2, 2, 3], [1, 3, 2, 4])));
  // Ties on both sides. x = [1, 2, 2, 3, 3, 3]: ranks [1, 2.5, 2.5, 5, 5, 5]; y = [2, 1, 4, 3, 3, 5]:
  // ranks [2, 1, 5, 3.5, 3.5, 6]; both means 3.5. dx = [−2.5, −1, −1, 1.5, 1.5, 1.5],
  // dy = [−1.5, −2.5, 1.5, 0, 0, 2.5]: Σdx·dy = 3.75 + 2.5 − 1.5 + 3.75 = 8.5, Σdx² = 15, Σdy² = 17,
  // ρ = 8.5 / √255 = 0.532290647…
  const both = spearman([1, 2, 2, 3, 3, 3], [2, 1, 4, 3, 3, 5]);
  assert.ok(Math.abs(both - 8.5 / Math.sqrt(255)) < 1e-12, String(both));
  // Symmetric in its arguments, and the order of the pairs does not matter.
  assert.ok(Math.abs(spearman([2, 1, 4, 3, 3, 5], [1, 2, 2, 3, 3, 3]) - both) < 1e-12);
  assert.ok(Math.abs(spearman([3, 2, 3, 1, 3, 2], [5, 4, 3, 2, 3, 1]) - both) < 1e-12);
});

// ---- References derived here, independently of the implementation ----

const relClose = (got: number, want: number, rel: number, what: string) =>
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${what}: got ${got}, want ${want} (rel ${Math.abs(got - want) / Math.abs(want)})`);

/** Doubled mid-ranks of |d| by counting (no sorting): 2·rank = 2·#{smaller} + #{equal} + 1. */
function doubledMidRanks(d: readonly number[]): number[] {
  const abs = d.map(Math.abs);
  return abs.map((v) => 2 * abs.filter((w) => w < v).length + abs.filter((w) => w === v).length + 1);
}

/** Two-sided p by enumerating all 2ⁿ sign assignments of the observed (doubled mid-)ranks. */
function bruteForceP(d: readonly number[]): number {
  const r = doubledMidRanks(d);
  const observed = r.reduce((s, v, i) => s + (d[i] > 0 ? v : 0), 0);
  let lower = 0;
  let upper = 0;
  for (let mask = 0; mask < 2 ** r.length; mask++) {
    let w = 0;
    for (let i = 0; i < r.length; i++) if (mask & (1 << i)) w += r[i];
    if (w <= observed) lower++;
    if (w >= observed) upper++;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / 2 ** r.length);
}

/** The same by meet in the middle: all subset sums of each half, then pairs counted by binary search. */
function meetInTheMiddleP(d: readonly number[]): number {
  const r = doubledMidRanks(d);
  const observed = r.reduce((s, v, i) => s + (d[i] > 0 ? v : 0), 0);
  const sums = (part: number[]) => {
    const out = [0];
    for (const v of part) for (let i = out.length - 1; i >= 0; i--) out.push(out[i] + v);
    return out;
  };
  const half = r.length >> 1;
  const left = sums(r.slice(0, half));
  const right = Float64Array.from(sums(r.slice(half))).sort();
  const countAtMost = (x: number) => {
    let lo = 0;
    let hi = right.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (right[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let lower = 0;
  let upper = 0;
  for (const a of left) {
    lower += countAtMost(observed - a);
    upper += right.length - countAtMost(observed - a - 1);
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / 2 ** r.length);
}

/** erfc by Simpson's rule on 2/√π · e^{−x²} ∫₀^U e^{−2xu − u²} du (a different road from the library's). */
function erfcByQuadrature(x: number): number {
  const upper = Math.min(12, 60 / (2 * x + 1e-9));
  const steps = 200_000;
  const h = upper / steps;
  const f = (u: number) => Math.exp(-2 * x * u - u * u);
  let sum = f(0) + f(upper);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * ((sum * h) / 3);
}

/** Two-sided normal-approximation p with tie and continuity corrections, computed from scratch. */
function normalApproxP(d: readonly number[]): number {
  const nz = d.filter((v) => v !== 0);
  const n = nz.length;
  const r = doubledMidRanks(nz).map((v) => v / 2);
  const wPlus = r.reduce((s, v, i) => s + (nz[i] > 0 ? v : 0), 0);
  const counts = new Map<number, number>();
  for (const v of nz) counts.set(Math.abs(v), (counts.get(Math.abs(v)) ?? 0) + 1);
  const tieTerm = [...counts.values()].reduce((s, t) => s + t ** 3 - t, 0);
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const z = Math.max(0, Math.abs(wPlus - (n * (n + 1)) / 4) - 0.5) / sd;
  return Math.min(1, erfcByQuadrature(z / Math.SQRT2));
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const paired = (d: readonly number[]) => ({ a: d.map((v) => 100 + v), b: d.map(() => 100) });
/** A test with at least one non-zero difference: its p is a number. */
const wilcoxonOf = (d: readonly number[]) => {
  const { a, b } = paired(d);
  const w = wilcoxonSignedRank(a, b);
  assert.ok(w.p !== null && w.z !== null && w.reason === null, `a test with n = ${w.n} > 0 has p and z and no reason`);
  return { ...w, p: w.p, z: w.z };
};

test('erfc: published values, far tail, and agreement with quadrature', () => {
  const published: Array<[number, number]> = [
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [10, 2.088487583762545e-45],
  ];
  for (const [x, want] of published) relClose(erfc(x), want, 1e-13, `erfc(${x})`);
  relClose(erfc(-1), 2 - 0.15729920705028513, 1e-15, 'erfc(−1)');
  for (const x of [0.1, 1.3, 1.99, 2.01, 4.2, 8, 12, 17, 25]) relClose(erfc(x), erfcByQuadrature(x), 1e-9, `erfc(${x}) vs quadrature`);
  assert.ok(erfc(26) > 0 && erfc(26) < 1e-290, 'still a positive double at 26');
  relClose(normalCdf(1.959963984540054), 0.975, 1e-14, 'Φ(1.96)');
  relClose(normalCdf(-10), 7.619853024160527e-24, 1e-12, 'Φ(−10) in the far lower tail');
});

test('Wilcoxon n = 5: exact p = 2/32 when all differences are positive, as enumeration says otherwise', () => {
  const w = wilcoxonOf([1, 2, 3, 4, 5]);
  assert.equal(w.n, 5);
  assert.equal(w.wPlus, 15);
  assert.equal(w.pMethod, 'exact');
  assert.equal(w.p, 0.0625);
  for (const d of [
    [1, -2, 3, 4, 5],
    [-1, 2, -3, 4, -5],
    [0.3, -0.1, 2, -7, 1.5],
  ]) {
    relClose(wilcoxonOf(d).p, bruteForceP(d), 1e-15, `n = 5 ${JSON.stringify(d)}`);
  }
  assert.equal(wilcoxonOf([1, -2, -3, 4]).p, 1, 'W+ at the centre: p capped at 1');
});

test('Wilcoxon n = 12: exact p = 2/4096 when all positive; mixed signs match enumeration of 4096 assignments', () => {
  const all = wilcoxonOf(Array.from({ length: 12 }, (_, i) => i + 1));
  assert.equal(all.p, 2 / 4096);
  assert.equal(all.wPlus, 78);
  const r = rng(12);
  for (let trial = 0; trial < 5; trial++) {
    const d = Array.from({ length: 12 }, () => (r() - 0.3) * 10);
    relClose(wilcoxonOf(d).p, bruteForceP(d), 1e-14, `n = 12 trial ${trial}`);
  }
});

test('Wilcoxon with ties: the exact permutation null of the mid-ranks, by enumeration', () => {
  const d = [1, 1, -1, 2, 2, 2, -3, 4, 4, -4, 5, 6, 6, 6];
  const w = wilcoxonOf(d);
  assert.equal(w.pMethod, 'exact');
  assert.equal(w.wPlus, doubledMidRanks(d).reduce((s, v, i) => s + (d[i] > 0 ? v / 2 : 0), 0));
  relClose(w.p, bruteForceP(d), 1e-14, 'ties, n = 14');
  // All tied: every sign assignment of equal ranks; 4 of 6 positive.
  const flat = [2, 2, -2, 2, -2, 2];
  relClose(wilcoxonOf(flat).p, bruteForceP(flat), 1e-15, 'all tied');
});

test('Wilcoxon zero differences are dropped (Wilcoxon / scipy "wilcox") and counted; NaN pairs counted too', () => {
  const d = [0, 3, 0, -1, 2, 5, 0, 4, -6, 7, 8];
  const w = wilcoxonOf(d);
  assert.equal(w.pairs, 11);
  assert.equal(w.zeroDifferences, 3);
  assert.equal(w.undefinedPairs, 0);
  assert.equal(w.n, 8);
  const nz = d.filter((v) => v !== 0);
  relClose(w.p, bruteForceP(nz), 1e-15, 'p of the non-zero differences');
  assert.equal(w.wPlus, wilcoxonOf(nz).wPlus, 'ranks are taken after dropping zeros');
  assert.equal(w.medianDifference, 2, 'the median difference keeps the zeros (3.5 without them)');
  const withNaN = wilcoxonSignedRank([NaN, 1, 5, NaN], [0, 0, 2, 1]);
  assert.deepEqual([withNaN.pairs, withNaN.undefinedPairs, withNaN.zeroDifferences, withNaN.n], [4, 2, 0, 2]);
});

test('Wilcoxon without a non-zero difference has no test: p and z are null and the reason says why (issue 15)', () => {
  const allZero = wilcoxonSignedRank([0.2, 0.5, 0.1], [0.2, 0.5, 0.1]);
  assert.deepEqual([allZero.n, allZero.p, allZero.z, allZero.pMethod, allZero.zeroDifferences, allZero.reason], [0, null, null, 'none', 3, 'all-differences-zero']);
  const none = wilcoxonSignedRank([], []);
  assert.deepEqual([none.pairs, none.p, none.reason], [0, null, 'no-pairs']);
  const undefinedAll = wilcoxonSignedRank([NaN, NaN, 0.3], [0.1, 0.2, NaN]);
  assert.deepEqual([undefinedAll.undefinedPairs, undefinedAll.p, undefinedAll.reason], [3, null, 'no-defined-pairs']);
  // Undefined and zero differences together: nothing left, and the defined pairs were all equal.
  const mixed = wilcoxonSignedRank([NaN, 0.4, 0.4], [0.1, 0.4, 0.4]);
  assert.deepEqual([mixed.undefinedPairs, mixed.zeroDifferences, mixed.p, mixed.reason], [1, 2, null, 'all-differences-zero']);
  // One non-zero difference is a test (exact, p = 1 for n = 1 is the exact answer, not a placeholder).
  const one = wilcoxonSignedRank([NaN, 0.5, 0.4], [0.1, 0.4, 0.4]);
  assert.deepEqual([one.n, one.p, one.pMethod, one.reason], [1, 1, 'exact', null]);
});

test('Wilcoxon n = 30: exact, against meet-in-the-middle enumeration of 2³⁰ assignments and the published table', () => {
  const r = rng(30);
  for (let trial = 0; trial < 3; trial++) {
    const d = Array.from({ length: 30 }, () => (r() - 0.35) * 4);
    const w = wilcoxonOf(d);
    assert.equal(w.pMethod, 'exact');
    relClose(w.p, meetInTheMiddleP(d), 1e-12, `n = 30 trial ${trial}`);
  }
  // With ties (values rounded to one decimal, so groups of equal |d|).
  const tied = Array.from({ length: 30 }, () => Math.round((r() - 0.4) * 20) / 10 || 0.1);
  relClose(wilcoxonOf(tied).p, meetInTheMiddleP(tied), 1e-12, 'n = 30 with ties');
  // Published critical values for n = 30 (standard signed-rank tables): the smaller rank sum T
  // is significant two-sided at 0.05 for T ≤ 137 and at 0.01 for T ≤ 109.
  const withWMinus = (t: number) => {
    // Negative signs on ranks summing to t (greedy from the top, ranks 1..30 distinct).
    const neg = new Set<number>();
    let left = t;
    for (let k = 30; k >= 1 && left > 0; k--) {
      if (k <= left) {
        neg.add(k);
        left -= k;
      }
    }
    return wilcoxonOf(Array.from({ length: 30 }, (_, i) => (neg.has(i + 1) ? -(i + 1) : i + 1))).p;
  };
  assert.ok(withWMinus(137) <= 0.05 && withWMinus(138) > 0.05, `T = 137: p ${withWMinus(137)}, T = 138: p ${withWMinus(138)}`);
  assert.ok(withWMinus(109) <= 0.01 && withWMinus(110) > 0.01, `T = 109: p ${withWMinus(109)}, T = 110: p ${withWMinus(110)}`);
});

test('Wilcoxon n = 200 and beyond: normal approximation with tie and continuity corrections, far tail kept', () => {
  const r = rng(200);
  const mixed = Array.from({ length: 200 }, () => (r() - 0.45) * 3);
  const w = wilcoxonOf(mixed);
  assert.equal(w.pMethod, 'normal');
  relClose(w.p, normalApproxP(mixed), 1e-8, 'n = 200 mixed');
  // Ties and zeros: values on a coarse grid.
  const coarse = Array.from({ length: 230 }, () => Math.round((r() - 0.4) * 6));
  const wc = wilcoxonOf(coarse);
  assert.ok(wc.zeroDifferences > 0 && wc.n > 50);
  relClose(wc.p, normalApproxP(coarse), 1e-8, 'n ≈ 200 with ties and zeros');
  // All positive: z ≈ 12.3, p ≈ 1e-34.
  const up = Array.from({ length: 200 }, (_, i) => i + 1);
  const wu = wilcoxonOf(up);
  relClose(wu.p, normalApproxP(up), 1e-8, 'n = 200 all positive');
  assert.ok(wu.p > 1e-36 && wu.p < 1e-32, `p ${wu.p}`);
  // n = 400 all positive: p ≈ 1e-66, representable rather than 0.
  const far = Array.from({ length: 400 }, (_, i) => i + 1);
  const wf = wilcoxonOf(far);
  assert.ok(wf.p > 0 && wf.p < 1e-60, `p ${wf.p}`);
  relClose(wf.p, normalApproxP(far), 1e-8, 'n = 400 all positive');
});

test('Wilcoxon switches from exact to normal above n = 50, and the two agree roughly there', () => {
  const r = rng(50);
  const d50 = Array.from({ length: 50 }, () => (r() - 0.4) * 2);
  const w50 = wilcoxonOf(d50);
  assert.equal(w50.pMethod, 'exact');
  assert.ok(Math.abs(w50.p - normalApproxP(d50)) < 0.01, `exact ${w50.p} vs normal ${normalApproxP(d50)}`);
  assert.equal(wilcoxonOf([...d50, 0.123]).pMethod, 'normal');
});

test('pointing game over images: a hit rate (mean of per-image hits or tie shares) with its n, NaN maps counted out', () => {
  // Half the images hit: 0.5, whatever their order (a median of 0/1 hits would be 0 or 1).
  assert.deepEqual(pointingGameRate([1, 0, 1, 0]), { pointingGame: 0.5, pointingGameN: 4 });
  assert.deepEqual(pointingGameRate([1, NaN, 0.25, 0]), { pointingGame: 1.25 / 3, pointingGameN: 3 });
  const none = pointingGameRate([NaN]);
  assert.ok(Number.isNaN(none.pointingGame));
  assert.equal(none.pointingGameN, 0);
});
