/**
 * Fig. 1c: histograms of per-map normalised scores (S summed over channels, divided by the map's
 * max |S|) inside vs outside the box, with fixed bin edges over [−1, 1] so methods are comparable.
 */
export const HISTOGRAM_BINS = 40;
export const HISTOGRAM_EDGES = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => -1 + (2 * i) / HISTOGRAM_BINS);

export interface InsideOutside {
  inside: number[];
  outside: number[];
}

export function emptyHistogram(): InsideOutside {
  return { inside: new Array(HISTOGRAM_BINS).fill(0), outside: new Array(HISTOGRAM_BINS).fill(0) };
}

function bin(v: number): number {
  const b = Math.floor(((v + 1) / 2) * HISTOGRAM_BINS);
  return Math.min(HISTOGRAM_BINS - 1, Math.max(0, b));
}

/** Histogram of one image's normalised map; an all-zero map puts every pixel in the bin of 0. */
export function imageHistogram(s: Float32Array, mask: Uint8Array): InsideOutside {
  let max = 0;
  for (const v of s) max = Math.max(max, Math.abs(v));
  const h = emptyHistogram();
  for (let p = 0; p < s.length; p++) {
    const v = max > 0 ? s[p] / max : 0;
    (mask[p] ? h.inside : h.outside)[bin(v)]++;
  }
  return h;
}

export function addInto(total: InsideOutside, h: InsideOutside): void {
  for (let i = 0; i < HISTOGRAM_BINS; i++) {
    total.inside[i] += h.inside[i];
    total.outside[i] += h.outside[i];
  }
}
