/**
 * The eye region of a face, from its two eye landmarks only, so generated faces and CelebA share one
 * rule: an ellipse around each eye with radii 0.4 × and 0.3 × the interocular distance d. Generated
 * lenses span at most 0.34·d × 0.27·d, so the region holds the whole lens of either glasses style.
 */
import type { Point } from '../../../shared/faces.ts';

export const EYE_REGION_RX = 0.4;
export const EYE_REGION_RY = 0.3;

/** 1 inside the eye region, 0 outside: uint8 [H·W], written into `out` at `offset` when given. */
export function eyeRegionMask(size: number, leftEye: Point, rightEye: Point, out: Uint8Array = new Uint8Array(size * size), offset = 0): Uint8Array {
  const d = Math.max(1, Math.hypot(rightEye[0] - leftEye[0], rightEye[1] - leftEye[1]));
  const angle = Math.atan2(rightEye[1] - leftEye[1], rightEye[0] - leftEye[0]);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const rx = EYE_REGION_RX * d;
  const ry = EYE_REGION_RY * d;
  for (const [ex, ey] of [leftEye, rightEye]) {
    const ext = Math.ceil(rx) + 1;
    for (let y = Math.max(0, Math.floor(ey - ext)); y <= Math.min(size - 1, Math.ceil(ey + ext)); y++) {
      for (let x = Math.max(0, Math.floor(ex - ext)); x <= Math.min(size - 1, Math.ceil(ex + ext)); x++) {
        const dx = x + 0.5 - ex;
        const dy = y + 0.5 - ey;
        const u = (dx * cos + dy * sin) / rx;
        const v = (-dx * sin + dy * cos) / ry;
        if (u * u + v * v <= 1) out[offset + y * size + x] = 1;
      }
    }
  }
  return out;
}
