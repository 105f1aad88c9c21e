/**
 * The control maps that need no model (issue 18, analysis 2), for images x [N, H, W, 3] in model space:
 * where chance (random, constant), an edge detector (Sobel edges of the input) and the input itself land
 * on every metric. `input` is what the × input of RectGrad and Gradient × Input alone would give: exactly
 * 0 on a black box under [0, 1] inputs.
 */
import type { ControlMethod } from '../../../shared/experiments/controls.ts';
import { makeRng, subSeed } from '../../data/prng.ts';
import { sobelMagnitude } from './sobel.ts';

/** Maps [N, H·W, channels], summed over channels by the metrics like any method's map. */
export interface ControlMaps {
  maps: Float32Array;
  channels: number;
}

/** The random map's stream of the seed (prng.ts subSeed), apart from the streams that build datasets. */
const RANDOM_MAP_STREAM = 90;

/**
 * Uniform [0, 1) per pixel. Each image's map is drawn from (seed, its dataset index), so an image gets
 * the same random map whatever the limit or the order it is explained in.
 */
export function randomMaps(indices: readonly number[], pixels: number, seed: number): ControlMaps {
  const maps = new Float32Array(indices.length * pixels);
  indices.forEach((index, n) => {
    const rng = makeRng(subSeed(seed, RANDOM_MAP_STREAM, index));
    for (let p = 0; p < pixels; p++) maps[n * pixels + p] = rng.next();
  });
  return { maps, channels: 1 };
}

/** 1 everywhere: every pixel tied, so each metric scores exactly its chance level. */
export function constantMaps(count: number, pixels: number): ControlMaps {
  return { maps: new Float32Array(count * pixels).fill(1), channels: 1 };
}

/** The four controls without a model; occlusion (occlusion.ts) needs the run's model. */
export function modelFreeMaps(control: Exclude<ControlMethod, 'occlusion'>, x: Float32Array, indices: readonly number[], size: number, seed: number): ControlMaps {
  const pixels = size * size;
  switch (control) {
    case 'random':
      return randomMaps(indices, pixels, seed);
    case 'constant':
      return constantMaps(indices.length, pixels);
    case 'edges':
      return { maps: sobelMagnitude(x, indices.length, size, 3), channels: 3 };
    case 'input':
      return { maps: x, channels: 3 };
  }
}
