/**
 * Natural-looking backgrounds made by the project, so experiment 1 needs no download: multi-octave
 * colour value noise, a linear light gradient, soft-edged shapes and a periodic texture, plus dark
 * regions of their own (soft shadows and dark blobs that reach near black), so "dark" alone does not
 * give the label away. Deterministic per seed. Output: RGB uint8, row-major [H, W, 3].
 */
import { type Rng, makeRng } from './prng.ts';

export const BACKGROUND_GENERATOR_VERSION = 'bg-v1';

function valueNoise(size: number, cells: number, rng: Rng): Float32Array {
  const grid = new Float32Array((cells + 1) * (cells + 1));
  for (let i = 0; i < grid.length; i++) grid[i] = rng.next();
  const out = new Float32Array(size * size);
  const smooth = (t: number) => t * t * (3 - 2 * t);
  for (let y = 0; y < size; y++) {
    const gy = (y / size) * cells;
    const y0 = Math.floor(gy);
    const fy = smooth(gy - y0);
    for (let x = 0; x < size; x++) {
      const gx = (x / size) * cells;
      const x0 = Math.floor(gx);
      const fx = smooth(gx - x0);
      const i = y0 * (cells + 1) + x0;
      const top = grid[i] * (1 - fx) + grid[i + 1] * fx;
      const bottom = grid[i + cells + 1] * (1 - fx) + grid[i + cells + 2] * fx;
      out[y * size + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** Sum of octaves, normalised to [0, 1]. */
function fractalNoise(size: number, rng: Rng): Float32Array {
  const out = new Float32Array(size * size);
  let amp = 1;
  let total = 0;
  for (let cells = 2; cells <= Math.max(4, size / 4); cells *= 2) {
    const layer = valueNoise(size, cells, rng);
    for (let i = 0; i < out.length; i++) out[i] += amp * layer[i];
    total += amp;
    amp *= 0.55;
  }
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

function randomColour(rng: Rng): [number, number, number] {
  return [rng.next(), rng.next(), rng.next()];
}

export function generateBackground(size: number, seed: number): Uint8Array {
  const rng = makeRng(seed);
  const img = new Float32Array(size * size * 3);
  // Base: two colours mixed by fractal noise, lit by a linear gradient.
  const c1 = randomColour(rng);
  const c2 = randomColour(rng);
  const mix = fractalNoise(size, rng);
  const angle = rng.next() * Math.PI * 2;
  const [gx, gy] = [Math.cos(angle), Math.sin(angle)];
  const lightLo = 0.35 + 0.4 * rng.next();
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p = y * size + x;
      const t = mix[p];
      const g = lightLo + (1 - lightLo) * (0.5 + 0.5 * ((x / size - 0.5) * gx + (y / size - 0.5) * gy) * 2);
      for (let c = 0; c < 3; c++) img[p * 3 + c] = (c1[c] * (1 - t) + c2[c] * t) * g;
    }
  }
  // Soft shapes (ellipses with blurred edges), some of them dark.
  const shapes = rng.int(1, 4);
  for (let s = 0; s < shapes; s++) {
    const cx = rng.next() * size;
    const cy = rng.next() * size;
    const rx = size * (0.08 + 0.25 * rng.next());
    const ry = size * (0.08 + 0.25 * rng.next());
    const dark = rng.next() < 0.4;
    const col = dark ? [0.02 * rng.next(), 0.02 * rng.next(), 0.02 * rng.next()] : randomColour(rng);
    const alpha = dark ? 0.85 + 0.15 * rng.next() : 0.4 + 0.5 * rng.next();
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
        if (d > 1.6) continue;
        const w = alpha * Math.min(1, Math.max(0, (1.6 - d) / 0.8));
        const p = (y * size + x) * 3;
        for (let c = 0; c < 3; c++) img[p + c] = img[p + c] * (1 - w) + col[c] * w;
      }
    }
  }
  // A periodic texture on part of the images (stripes, like fabric or bark).
  if (rng.next() < 0.5) {
    const freq = (2 + rng.next() * 8) * (Math.PI * 2) / size;
    const dir = rng.next() * Math.PI;
    const depth = 0.1 + 0.25 * rng.next();
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const m = 1 - depth * (0.5 + 0.5 * Math.sin(freq * (x * Math.cos(dir) + y * Math.sin(dir))));
        const p = (y * size + x) * 3;
        for (let c = 0; c < 3; c++) img[p + c] *= m;
      }
    }
  }
  // A soft shadow (vignette-like darkening) on part of the images.
  if (rng.next() < 0.5) {
    const sx = rng.next() * size;
    const sy = rng.next() * size;
    const r = size * (0.3 + 0.4 * rng.next());
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = Math.hypot(x - sx, y - sy) / r;
        const m = d < 1 ? 0.1 + 0.9 * d * d : 1;
        const p = (y * size + x) * 3;
        for (let c = 0; c < 3; c++) img[p + c] *= m;
      }
    }
  }
  // Fine grain.
  const out = new Uint8Array(size * size * 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(255 * img[i] + 6 * rng.normal())));
  return out;
}
