/**
 * Pixels in order of relevance for deletion and insertion curves (METHODS.md "Analyses"): by |S| summed
 * over channels, largest first, ties broken at random with a seed (never raster order: an all-zero map
 * removes pixels in a random order, not top-left first, so it scores chance, not an artefact of the scan).
 */
import { makeRng } from '../data/prng.ts';

/** Pixel indices of one map [pixels × channels] (interleaved), most relevant first. */
export function rankPixels(map: Float32Array, offset: number, pixels: number, channels: number, seed: number): Int32Array {
  const relevance = new Float64Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += map[offset + p * channels + c];
    // |S| of the channel sum, as every metric reads a map; NaN sinks to the end.
    relevance[p] = Number.isFinite(s) ? Math.abs(s) : -1;
  }
  const rng = makeRng(seed);
  const tieBreak = Float64Array.from({ length: pixels }, () => rng.next());
  const order = Int32Array.from({ length: pixels }, (_, p) => p);
  order.sort((a, b) => relevance[b] - relevance[a] || tieBreak[a] - tieBreak[b]);
  return order;
}
