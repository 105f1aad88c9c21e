/**
 * Pastes the experiment-1 black square: exactly (0,0,0), so it is exactly 0 in model space with /255
 * scaling (METHODS.md pitfall 1); side uniform in [min, max] × image side, fully inside the image.
 */
import type { BoxRect } from '../../shared/dataset.ts';
import type { Rng } from './prng.ts';

export function drawBox(size: number, minFraction: number, maxFraction: number, rng: Rng): BoxRect {
  const lo = Math.max(1, Math.round(size * minFraction));
  const hi = Math.max(lo, Math.round(size * maxFraction));
  const side = rng.int(lo, hi);
  return { x: rng.int(0, size - side), y: rng.int(0, size - side), side };
}

export function pasteBox(rgb: Uint8Array, size: number, box: BoxRect): void {
  for (let y = box.y; y < box.y + box.side; y++) rgb.fill(0, (y * size + box.x) * 3, (y * size + box.x + box.side) * 3);
}

/** 1 inside the box, 0 outside, [H·W]. */
export function boxMask(size: number, box: BoxRect | null): Uint8Array {
  const m = new Uint8Array(size * size);
  if (box === null) return m;
  for (let y = box.y; y < box.y + box.side; y++) m.fill(1, y * size + box.x, y * size + box.x + box.side);
  return m;
}
