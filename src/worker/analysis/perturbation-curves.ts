/**
 * Deletion, insertion and ROAD curves (METHODS.md "Analyses") for one ranking of pixels per image: at
 * each of `steps` + 1 points a fraction k / steps of the pixels is removed (deletion: most relevant first,
 * or least relevant first for SRG's LeRF curve; ROAD: removed and imputed) or restored onto the fill
 * (insertion), and the explained logit is read. Curves are normalised per image as
 * (f − f(all filled)) / (f(x) − f(all filled)); an image where f(x) = f(all filled) has no curve (NaN).
 * The model is called on a batch of images per point, never one image at a time.
 */
import { imputeRoad } from './road-imputation.ts';

/** The explained logit of `count` raw images [count, size, size, 3]. */
export type ScoreFn = (raw: Float32Array, count: number) => Float32Array;

export type CurveKind = 'deletion' | 'lerf' | 'insertion' | 'road';

export interface CurveInputs {
  size: number;
  /** Raw images [N, size, size, 3]. */
  raw: Float32Array;
  /** Fill images [N, size, size, 3] (unused by ROAD). */
  fills: Float32Array;
  /** Per image, pixels most relevant first. */
  orders: Int32Array[];
  /** f(x) and f(all filled), per image. */
  original: Float32Array;
  allFilled: Float32Array;
  steps: number;
  /** ROAD: anchor colour and noise seed per image. */
  road?: { anchor: readonly [number, number, number]; noiseSeed: (image: number, step: number) => number };
}

/** Normalised curves [N][steps + 1]; NaN rows for images whose curve is undefined. */
export function perturbationCurves(kind: CurveKind, inp: CurveInputs, score: ScoreFn, onPoint?: (done: number, total: number) => void): Float64Array[] {
  const { size, steps } = inp;
  const pixels = size * size;
  const per = pixels * 3;
  const count = inp.orders.length;
  const curves = Array.from({ length: count }, () => new Float64Array(steps + 1));
  const batch = new Float32Array(count * per);
  for (let k = 0; k <= steps; k++) {
    const m = Math.round((k / steps) * pixels);
    for (let n = 0; n < count; n++) {
      const image = inp.raw.subarray(n * per, (n + 1) * per);
      const out = batch.subarray(n * per, (n + 1) * per);
      const order = inp.orders[n];
      if (kind === 'road') {
        const removed = new Uint8Array(pixels);
        for (let i = 0; i < m; i++) removed[order[i]] = 1;
        out.set(imputeRoad(image, size, removed, inp.road!.noiseSeed(n, k), inp.road!.anchor));
        continue;
      }
      const fill = inp.fills.subarray(n * per, (n + 1) * per);
      // Deletion starts from the image and puts the fill in; insertion starts from the fill and puts the image back.
      const [base, put] = kind === 'insertion' ? [fill, image] : [image, fill];
      out.set(base);
      for (let i = 0; i < m; i++) {
        const p = (kind === 'lerf' ? order[pixels - 1 - i] : order[i]) * 3;
        out[p] = put[p];
        out[p + 1] = put[p + 1];
        out[p + 2] = put[p + 2];
      }
    }
    const f = score(batch, count);
    for (let n = 0; n < count; n++) {
      const range = inp.original[n] - inp.allFilled[n];
      curves[n][k] = Math.abs(range) > 1e-6 * Math.max(1, Math.abs(inp.original[n])) ? (f[n] - inp.allFilled[n]) / range : NaN;
    }
    onPoint?.(k + 1, steps + 1);
  }
  return curves;
}

/** Area under a curve sampled at k / steps, k = 0 … steps (trapezoid rule); NaN if any point is. */
export function curveAuc(curve: ArrayLike<number>): number {
  const steps = curve.length - 1;
  let area = 0;
  for (let k = 0; k < steps; k++) area += (curve[k] + curve[k + 1]) / 2;
  return area / steps;
}
