/**
 * What deletion and insertion put in place of a pixel (METHODS.md "Analyses"), in raw [0, 1] RGB, one
 * image at a time: black, the dataset's mean colour, a Gaussian blur of the image (σ = 5 % of the side;
 * inside a large uniform region a blur changes nothing, so a blurred black box stays black), uniform
 * noise (seeded), or the inverted image.
 */
import type { FaithfulnessFill } from '../../shared/experiments/faithfulness.ts';
import { makeRng } from '../data/prng.ts';

/** Mean RGB over every pixel of the dataset (raw uint8 → [0, 1]). */
export function datasetMeanColour(pixels: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < pixels.length; i += 3) {
    sum[0] += pixels[i];
    sum[1] += pixels[i + 1];
    sum[2] += pixels[i + 2];
  }
  const count = Math.max(1, pixels.length / 3) * 255;
  return [sum[0] / count, sum[1] / count, sum[2] / count];
}

/** Separable Gaussian blur of one image [size, size, 3], edges reflected. */
export function gaussianBlur(image: Float32Array, size: number, sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = Float64Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const norm = kernel.reduce((a, b) => a + b, 0);
  for (let i = 0; i < kernel.length; i++) kernel[i] /= norm;
  const reflect = (v: number) => {
    let r = v;
    while (r < 0 || r >= size) r = r < 0 ? -r - 1 : 2 * size - r - 1;
    return r;
  };
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let c = 0; c < 3; c++) {
          let s = 0;
          for (let k = -radius; k <= radius; k++) {
            const yy = horizontal ? y : reflect(y + k);
            const xx = horizontal ? reflect(x + k) : x;
            s += kernel[k + radius] * src[(yy * size + xx) * 3 + c];
          }
          out[(y * size + x) * 3 + c] = s;
        }
    return out;
  };
  return pass(pass(image, true), false);
}

/** The fill image for one raw image [size, size, 3]; `seed` draws the noise. */
export function fillImage(fill: FaithfulnessFill, image: Float32Array, size: number, mean: readonly [number, number, number], seed: number): Float32Array {
  const out = new Float32Array(image.length);
  switch (fill) {
    case 'black':
      return out;
    case 'mean':
      for (let i = 0; i < out.length; i++) out[i] = mean[i % 3];
      return out;
    case 'blur':
      return gaussianBlur(image, size, 0.05 * size);
    case 'noise': {
      const rng = makeRng(seed);
      for (let i = 0; i < out.length; i++) out[i] = rng.next();
      return out;
    }
    case 'invert':
      for (let i = 0; i < out.length; i++) out[i] = 1 - image[i];
      return out;
  }
}
