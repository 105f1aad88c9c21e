/**
 * Numbers that turn Fig. 1 into measurements (METHODS.md "Metrics"), per image, from the map S summed
 * over channels and the ground-truth box mask.
 */
import type { ImageMetricsRow } from '../../shared/analysis.ts';
import { auroc, spearman } from './statistics.ts';

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

export function boxMetrics(s: Float32Array, mask: Uint8Array, magnitude: Float32Array): ImageBoxMetrics {
  const n = s.length;
  const abs = s.map(Math.abs);
  let total = 0;
  let inBox = 0;
  let boxArea = 0;
  let zerosInBox = 0;
  let best = -1;
  let bestAt = 0;
  for (let p = 0; p < n; p++) {
    total += abs[p];
    if (abs[p] > best) {
      best = abs[p];
      bestAt = p;
    }
    if (mask[p]) {
      boxArea++;
      inBox += abs[p];
      if (s[p] === 0) zerosInBox++;
    }
  }
  const share = total > 0 ? inBox / total : NaN;
  // Top-k by |S| with k = box area; ties broken by pixel order, so an all-zero map scores the first k.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => abs[b] - abs[a] || a - b);
  let hits = 0;
  for (let i = 0; i < boxArea; i++) if (mask[order[i]]) hits++;
  const darkOrder = Array.from({ length: n }, (_, i) => i).sort((a, b) => magnitude[a] - magnitude[b] || a - b);
  const decile = Math.max(1, Math.floor(n / 10));
  let darkSum = 0;
  for (let i = 0; i < decile; i++) darkSum += abs[darkOrder[i]];
  const meanAll = total / n;
  return {
    boxMassShare: share,
    enrichment: boxArea > 0 ? share / (boxArea / n) : NaN,
    zeroFractionInBox: boxArea > 0 ? zerosInBox / boxArea : NaN,
    pointingGame: total > 0 && mask[bestAt] ? 1 : 0,
    auroc: auroc(abs, mask),
    topKIoU: boxArea > 0 ? hits / (2 * boxArea - hits) : NaN,
    intensitySpearman: spearman(abs, magnitude),
    darkSuppressionRatio: meanAll > 0 ? darkSum / decile / meanAll : NaN,
  };
}
