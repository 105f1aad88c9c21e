/**
 * How dark a face's lenses are, from its pixels and eye landmarks (issue 15, item 6): CelebA labels
 * Eyeglasses but not sunglasses, and the headline test of experiment 2 is about dark lenses. The rule and
 * its threshold are stated once, in src/shared/faces.ts (LENS_DARKNESS_RULE, DARK_LENS_THRESHOLD): the
 * median luma Y' = 0.299 R' + 0.587 G' + 0.114 B' of the pixels whose centres lie in a 0.4 d × 0.24 d box
 * on each eye landmark, aligned with the eye line (d: eye distance); dark below 0.25. A median, so a
 * highlight on a dark lens or an iris under a clear one does not move it.
 */
import { DARK_LENS_THRESHOLD, type EyeglassesStyle, LENS_BOX_HALF_LENGTH, LENS_BOX_HALF_WIDTH, type Point } from '../../../shared/faces.ts';

/** Luma of the pixels in both lens boxes of one RGB uint8 image [size, size, 3] that starts at `offset`. */
export function lensBoxLumas(pixels: Uint8Array, offset: number, size: number, leftEye: Point, rightEye: Point): number[] {
  const d = Math.max(1, Math.hypot(rightEye[0] - leftEye[0], rightEye[1] - leftEye[1]));
  const cos = (rightEye[0] - leftEye[0]) / d;
  const sin = (rightEye[1] - leftEye[1]) / d;
  const hu = LENS_BOX_HALF_LENGTH * d;
  const hv = LENS_BOX_HALF_WIDTH * d;
  const reach = Math.ceil(Math.hypot(hu, hv)) + 1;
  const out: number[] = [];
  const luma = (x: number, y: number) => {
    const k = offset + (y * size + x) * 3;
    return (0.299 * pixels[k] + 0.587 * pixels[k + 1] + 0.114 * pixels[k + 2]) / 255;
  };
  for (const [ex, ey] of [leftEye, rightEye]) {
    const before = out.length;
    for (let y = Math.max(0, Math.floor(ey - reach)); y <= Math.min(size - 1, Math.ceil(ey + reach)); y++) {
      for (let x = Math.max(0, Math.floor(ex - reach)); x <= Math.min(size - 1, Math.ceil(ex + reach)); x++) {
        const dx = x + 0.5 - ex;
        const dy = y + 0.5 - ey;
        if (Math.abs(dx * cos + dy * sin) <= hu && Math.abs(-dx * sin + dy * cos) <= hv) out.push(luma(x, y));
      }
    }
    // A box smaller than a pixel (tiny images) still measures the pixel under the landmark.
    if (out.length === before) out.push(luma(Math.min(size - 1, Math.max(0, Math.floor(ex))), Math.min(size - 1, Math.max(0, Math.floor(ey)))));
  }
  return out;
}

/** The median of the lens-box lumas, rounded to 3 decimals (it is shown and stored per face). */
export function lensDarkness(pixels: Uint8Array, offset: number, size: number, leftEye: Point, rightEye: Point): number {
  const v = lensBoxLumas(pixels, offset, size, leftEye, rightEye).sort((a, b) => a - b);
  const m = v.length % 2 === 1 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return Math.round(m * 1000) / 1000;
}

/** A face with glasses: dark lenses below the threshold, clear ones at or above it. */
export function lensStyle(darkness: number): Exclude<EyeglassesStyle, 'none'> {
  return darkness < DARK_LENS_THRESHOLD ? 'dark' : 'clear';
}
