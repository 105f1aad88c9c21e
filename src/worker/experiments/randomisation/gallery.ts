/**
 * The randomisation gallery's small copies (issue 18: "a gallery row per step"): a map S or an input
 * image block-averaged by an integer factor, so a 64 px map is kept at 32 px and the analysis file stays
 * small, and a box rectangle carried to the smaller grid (it covers every cell it touches).
 */
import type { BoxRect } from '../../../shared/dataset.ts';
import { GALLERY_MAX_SIDE } from '../../../shared/experiments/randomisation.ts';

/** The block size that brings `size` to at most GALLERY_MAX_SIDE, and the side that gives. */
export function galleryScale(size: number): { factor: number; side: number } {
  const factor = Math.max(1, Math.ceil(size / GALLERY_MAX_SIDE));
  return { factor, side: Math.floor(size / factor) };
}

/** Mean over factor × factor blocks of `channels`-channel values [size × size × channels] (a tail that does not fill a block is dropped). */
export function blockMean(values: ArrayLike<number>, size: number, channels: number, factor: number, offset = 0): Float32Array {
  const side = Math.floor(size / factor);
  const out = new Float32Array(side * side * channels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += values[offset + ((y * factor + dy) * size + x * factor + dx) * channels + c];
        out[(y * side + x) * channels + c] = sum / (factor * factor);
      }
    }
  }
  return out;
}

/** The box on the gallery's grid: a square over every cell the box touches (one cell wider on an axis where the box straddles less). */
export function galleryBox(box: BoxRect | null, factor: number): BoxRect | null {
  if (box === null) return null;
  const x = Math.floor(box.x / factor);
  const y = Math.floor(box.y / factor);
  const side = Math.max(Math.ceil((box.x + box.side) / factor) - x, Math.ceil((box.y + box.side) / factor) - y);
  return { x, y, side };
}
