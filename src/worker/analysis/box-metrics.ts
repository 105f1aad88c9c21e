/**
 * Numbers that turn Fig. 1 into measurements (METHODS.md "Metrics"), per image, from the map S summed
 * over channels and the ground-truth box mask.
 */
import type { ImageMetricsRow } from '../../shared/analysis.ts';
import { auroc, spearman } from '../../shared/statistics.ts';

/** Per-image numbers (defined with their meaning in src/shared/analysis.ts), without the image index. */
export type ImageBoxMetrics = Omit<ImageMetricsRow, 'index'>;

/** Sums a map [H·W·C] over channels into S [H·W]. */
export function channelSum(map: Float32Array, pixels: number, channels: number, offset = 0): Float32Array {
  const s = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let v = 0;
    for (let c = 0; c < channels; c++) v += map[offset + p * channels + c];
    s[p] = v;
  }
  return s;
}

/** Per-pixel input magnitude: mean over channels of x (the distance to the zero point for [0, 1] inputs). */
export function inputMagnitude(x: Float32Array, pixels: number, channels: number, offset = 0, zeroPoint = 0): Float32Array {
  const m = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let v = 0;
    for (let c = 0; c < channels; c++) v += Math.abs(x[offset + p * channels + c] - zeroPoint);
    m[p] = v / channels;
  }
  return m;
}

/**
 * Expected IoU of the top-k set with the box when `rest` of the `tied` pixels at the k-th value are
 * picked uniformly at random: `surely` box pixels are in for certain, and X ~ Hypergeometric(tied,
 * tiedInBox, rest) more, so E[IoU] = Σ P(X = x) · (surely + x) / (2k − surely − x).
 */
function expectedTopKIoU(k: number, surely: number, tied: number, tiedInBox: number, rest: number): number {
  const lo = Math.max(0, rest - (tied - tiedInBox));
  const hi = Math.min(tiedInBox, rest);
  // log P(X = x) up to a constant, by the ratio P(x+1)/P(x); normalised after subtracting the max.
  const logW: number[] = [0];
  for (let x = lo; x < hi; x++) {
    logW.push(logW[logW.length - 1] + Math.log(((tiedInBox - x) * (rest - x)) / ((x + 1) * (tied - tiedInBox - rest + x + 1))));
  }
  const top = logW.reduce((m, v) => Math.max(m, v), -Infinity);
  let norm = 0;
  let sum = 0;
  for (let i = 0; i < logW.length; i++) {
    const w = Math.exp(logW[i] - top);
    const hits = surely + lo + i;
    norm += w;
    sum += (w * hits) / (2 * k - hits);
  }
  return sum / norm;
}

/**
 * Sum of `values` over the `count` smallest `keys`, with the tied keys at the boundary contributing
 * their mean value for the places left (the expectation under a uniformly random choice among them).
 */
function sumOverSmallest(keys: Float32Array, values: Float32Array, count: number): number {
  const order = Array.from({ length: keys.length }, (_, i) => i).sort((a, b) => keys[a] - keys[b]);
  const edge = keys[order[count - 1]];
  let sum = 0;
  let taken = 0;
  let tiedSum = 0;
  let tied = 0;
  for (const p of order) {
    if (keys[p] < edge) {
      sum += values[p];
      taken++;
    } else if (keys[p] === edge) {
      tiedSum += values[p];
      tied++;
    } else break;
  }
  return sum + ((count - taken) * tiedSum) / tied;
}

/**
 * Per-image metrics of S [H·W] against the box mask. Ties never fall back on raster order (issue 7):
 * the pointing game and top-k IoU give tied pixels fractional credit, so an all-zero map scores chance.
 */
export function boxMetrics(s: Float32Array, mask: Uint8Array, magnitude: Float32Array): ImageBoxMetrics {
  const n = s.length;
  const abs = s.map(Math.abs);
  let total = 0;
  let inBox = 0;
  let boxArea = 0;
  let zerosInBox = 0;
  let best = -Infinity;
  for (let p = 0; p < n; p++) {
    total += abs[p];
    if (abs[p] > best) best = abs[p];
    if (mask[p]) {
      boxArea++;
      inBox += abs[p];
      if (s[p] === 0) zerosInBox++;
    }
  }
  let atBest = 0;
  let atBestInBox = 0;
  for (let p = 0; p < n; p++) {
    if (abs[p] === best) {
      atBest++;
      if (mask[p]) atBestInBox++;
    }
  }
  const share = total > 0 ? inBox / total : NaN;
  let topKIoU = NaN;
  if (boxArea > 0) {
    // Top k = box area by |S|: pixels above the k-th value are in; `rest` places go to the tied ones.
    const sorted = Float32Array.from(abs).sort();
    const kth = sorted[n - boxArea];
    let above = 0;
    let aboveInBox = 0;
    let tied = 0;
    let tiedInBox = 0;
    for (let p = 0; p < n; p++) {
      if (abs[p] > kth) {
        above++;
        if (mask[p]) aboveInBox++;
      } else if (abs[p] === kth) {
        tied++;
        if (mask[p]) tiedInBox++;
      }
    }
    topKIoU = expectedTopKIoU(boxArea, aboveInBox, tied, tiedInBox, boxArea - above);
  }
  const decile = Math.max(1, Math.floor(n / 10));
  const darkSum = sumOverSmallest(magnitude, abs, decile);
  const meanAll = total / n;
  return {
    boxMassShare: share,
    enrichment: boxArea > 0 ? share / (boxArea / n) : NaN,
    zeroFractionInBox: boxArea > 0 ? zerosInBox / boxArea : NaN,
    pointingGame: atBest > 0 ? atBestInBox / atBest : NaN,
    auroc: auroc(abs, mask),
    topKIoU,
    intensitySpearman: spearman(abs, magnitude),
    darkSuppressionRatio: meanAll > 0 ? darkSum / decile / meanAll : NaN,
  };
}
