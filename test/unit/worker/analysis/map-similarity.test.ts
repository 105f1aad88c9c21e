/** The randomisation check's similarity measures: 1 for identical maps, known values, null where undefined. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SSIM_RADIUS, SSIM_SIGMA, absSpearman, mapSimilarity, normalisedAbs, ssimUnit, topKOverlap } from '../../../../src/worker/analysis/map-similarity.ts';

function seeded(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296 - 0.5;
  });
}

/** SSIM straight from the definition: 2-D Gaussian window at every valid position, no separability. */
function ssimReference(x: ArrayLike<number>, y: ArrayLike<number>, w: number, h: number): number {
  const r = SSIM_RADIUS;
  const win: number[] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) win.push(Math.exp(-(dx * dx + dy * dy) / (2 * SSIM_SIGMA ** 2)));
  const total = win.reduce((a, b) => a + b, 0);
  let sum = 0;
  let count = 0;
  for (let cy = r; cy < h - r; cy++) {
    for (let cx = r; cx < w - r; cx++) {
      let mx = 0;
      let my = 0;
      let xx = 0;
      let yy = 0;
      let xy = 0;
      let i = 0;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const g = win[i++] / total;
          const a = x[(cy + dy) * w + cx + dx];
          const b = y[(cy + dy) * w + cx + dx];
          mx += g * a;
          my += g * b;
          xx += g * a * a;
          yy += g * b * b;
          xy += g * a * b;
        }
      }
      const c1 = 0.01 ** 2;
      const c2 = 0.03 ** 2;
      sum += ((2 * mx * my + c1) * (2 * (xy - mx * my) + c2)) / ((mx * mx + my * my + c1) * (xx - mx * mx + yy - my * my + c2));
      count++;
    }
  }
  return sum / count;
}

test('identical maps: Spearman, SSIM and top-k overlap are all 1', () => {
  const a = seeded(24 * 24, 3);
  const s = mapSimilarity(a, a.slice(), 24, 24, 40)!;
  assert.ok(Math.abs(s.spearman - 1) < 1e-12);
  assert.ok(Math.abs(s.ssim - 1) < 1e-12);
  assert.equal(s.topK, 1);
  // Only |S| counts: a sign flip is the same map for all three.
  const flipped = mapSimilarity(a, a.map((v) => -v), 24, 24, 40)!;
  assert.deepEqual(flipped, s);
});

test('Spearman of |S|: reversed ranks give −1', () => {
  assert.ok(Math.abs(absSpearman([1, 2, 3, 4], [4, -3, 2, 1]) + 1) < 1e-12);
});

test('SSIM: constant images give the luminance term alone, and the separable filter matches the 2-D definition', () => {
  const w = 16;
  const x = new Float64Array(w * w).fill(0.5);
  const y = new Float64Array(w * w).fill(0.25);
  const c1 = 0.01 ** 2;
  assert.ok(Math.abs(ssimUnit(x, y, w, w) - (2 * 0.5 * 0.25 + c1) / (0.25 + 0.0625 + c1)) < 1e-12);
  const a = normalisedAbs(seeded(20 * 18, 5))!;
  const b = normalisedAbs(seeded(20 * 18, 6))!;
  assert.ok(Math.abs(ssimUnit(a, b, 20, 18) - ssimReference(a, b, 20, 18)) < 1e-12);
  assert.ok(ssimUnit(a, b, 20, 18) < 0.3, 'independent noise is dissimilar');
  // An image under 11 px uses the largest window that fits (here 7 × 7), not an error.
  assert.ok(Number.isFinite(ssimUnit(a.subarray(0, 49), b.subarray(0, 49), 7, 7)));
});

test('top-k overlap: plain counts, and ties at the k-th value by their expected overlap', () => {
  assert.equal(topKOverlap([4, 3, 2, 1], [1, 2, 3, 4], 2), 0);
  assert.equal(topKOverlap([4, 3, 2, 1], [4, 1, 3, 2], 2), 0.5);
  // All four tied in a: each pixel is in its top 2 with chance 1/2; b's top 2 are pixels 0 and 1.
  assert.equal(topKOverlap([1, 1, 1, 1], [4, 3, 2, 1], 2), 0.5);
  // Two tied for the last place in b: pixel 1 (in a's top 2) gets in half the time.
  assert.equal(topKOverlap([4, 3, 0, 0], [5, 2, 2, 0], 2), 0.75);
  // Raster order plays no part: the same maps permuted alike give the same overlap.
  assert.equal(topKOverlap([0, 0, 3, 4], [0, 2, 2, 5], 2), 0.75);
  assert.throws(() => topKOverlap([1, 2], [1, 2], 3), /k = 3 for 2 pixels/);
});

test('undefined, never a number: a map 0 everywhere, a constant |S| and a NaN give null', () => {
  const a = seeded(16 * 16, 9);
  assert.equal(mapSimilarity(a, new Float32Array(256), 16, 16, 10), null);
  assert.equal(mapSimilarity(new Float32Array(256), a, 16, 16, 10), null);
  assert.equal(mapSimilarity(a, new Float32Array(256).fill(-2), 16, 16, 10), null);
  const nan = a.slice();
  nan[7] = NaN;
  assert.equal(mapSimilarity(a, nan, 16, 16, 10), null);
  assert.equal(normalisedAbs(new Float32Array(4)), null);
});
