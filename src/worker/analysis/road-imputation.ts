/**
 * ROAD's noisy linear imputation (Rong et al. 2022): removed pixels take the weighted mean of their 8
 * neighbours (1/6 each side, 1/12 each corner, renormalised at the border), solved jointly over all
 * removed pixels (Gauss–Seidel, which converges here: each row is a convex combination), plus Gaussian
 * noise. Unlike a constant fill, the imputed values carry no sign of the removal pattern's colour, so a
 * model cannot read the mask. With every pixel removed nothing anchors the system: the image is the
 * `anchor` colour (the dataset mean) plus noise.
 */
import { makeRng } from '../data/prng.ts';

/** Noise σ in raw [0, 1] units, added to each imputed channel. */
export const ROAD_NOISE_SIGMA = 0.01;
const NEIGHBOURS: ReadonlyArray<readonly [number, number, number]> = [
  [-1, 0, 1 / 6], [1, 0, 1 / 6], [0, -1, 1 / 6], [0, 1, 1 / 6],
  [-1, -1, 1 / 12], [-1, 1, 1 / 12], [1, -1, 1 / 12], [1, 1, 1 / 12],
];

/**
 * Imputes the pixels where `removed` is 1 in one raw image [size, size, 3]; returns a new image.
 * @example imputeRoad(img, 3, removedCentre, 0, [0.5,0.5,0.5], 1) // centre ≈ mean of its neighbours
 */
export function imputeRoad(image: Float32Array, size: number, removed: Uint8Array, noiseSeed: number, anchor: readonly [number, number, number], maxSweeps = 200): Float32Array {
  const out = Float32Array.from(image);
  const holes: number[] = [];
  for (let p = 0; p < size * size; p++) if (removed[p] === 1) holes.push(p);
  if (holes.length === 0) return out;
  for (const p of holes) for (let c = 0; c < 3; c++) out[p * 3 + c] = anchor[c];
  if (holes.length < size * size) {
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let change = 0;
      for (const p of holes) {
        const y = Math.floor(p / size);
        const x = p % size;
        let wsum = 0;
        const acc = [0, 0, 0];
        for (const [dy, dx, w] of NEIGHBOURS) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= size || xx < 0 || xx >= size) continue;
          const q = (yy * size + xx) * 3;
          wsum += w;
          acc[0] += w * out[q];
          acc[1] += w * out[q + 1];
          acc[2] += w * out[q + 2];
        }
        for (let c = 0; c < 3; c++) {
          const v = acc[c] / wsum;
          change = Math.max(change, Math.abs(v - out[p * 3 + c]));
          out[p * 3 + c] = v;
        }
      }
      if (change < 1e-5) break;
    }
  }
  const rng = makeRng(noiseSeed);
  for (const p of holes) for (let c = 0; c < 3; c++) out[p * 3 + c] = Math.min(1, Math.max(0, out[p * 3 + c] + ROAD_NOISE_SIGMA * rng.normal()));
  return out;
}
