/**
 * The eye region of a face as two ellipses, for outlines in the gallery (thumbnails have no mask). The
 * rule is the one the worker's masks use (src/worker/data/faces/eye-mask.ts: radii 0.4 × and 0.3 × the
 * interocular distance, turned with the eye line); a unit test checks the two agree.
 */
import type { Point } from '../shared/faces.ts';

export const EYE_REGION_RX = 0.4;
export const EYE_REGION_RY = 0.3;

export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** Degrees, clockwise in image coordinates (y down). */
  angle: number;
}

export function eyeRegionEllipses(leftEye: Point, rightEye: Point): [Ellipse, Ellipse] {
  const d = Math.max(1, Math.hypot(rightEye[0] - leftEye[0], rightEye[1] - leftEye[1]));
  const angle = (Math.atan2(rightEye[1] - leftEye[1], rightEye[0] - leftEye[0]) * 180) / Math.PI;
  const e = ([cx, cy]: Point): Ellipse => ({ cx, cy, rx: EYE_REGION_RX * d, ry: EYE_REGION_RY * d, angle });
  return [e(leftEye), e(rightEye)];
}

/** Whether the centre of pixel (x, y) lies in the region (the mask's own test). */
export function inEyeRegion(ellipses: readonly Ellipse[], x: number, y: number): boolean {
  return ellipses.some((el) => {
    const a = (el.angle * Math.PI) / 180;
    const dx = x + 0.5 - el.cx;
    const dy = y + 0.5 - el.cy;
    const u = (dx * Math.cos(a) + dy * Math.sin(a)) / el.rx;
    const v = (-dx * Math.sin(a) + dy * Math.cos(a)) / el.ry;
    return u * u + v * v <= 1;
  });
}
