/**
 * Our crop rule for CelebA aligned faces, from the landmarks (METHODS.md: "the reference crops with
 * landmarks"): a square centred 10 % of the way from the eye midpoint to the mouth midpoint, with side
 * 3.5 × that eye–mouth distance. On a typical aligned image (eyes ≈ (69,109), (106,113), mouth corners
 * ≈ (73,152), (108,154)) this is about the common 148 × 148 centre crop around (89, 114). The square is moved
 * (and, if larger than the image, shrunk) to lie inside the image.
 */
export interface CropBox {
  left: number;
  top: number;
  side: number;
}

export const CROP_SIDE_PER_EYE_MOUTH = 3.5;
export const CROP_CENTRE_TOWARDS_MOUTH = 0.1;

/** Landmarks: [leftEye x, y, rightEye x, y, nose x, y, leftMouth x, y, rightMouth x, y]. */
export function celebaCrop(landmarks: readonly number[], width: number, height: number): CropBox {
  const ex = (landmarks[0] + landmarks[2]) / 2;
  const ey = (landmarks[1] + landmarks[3]) / 2;
  const mx = (landmarks[6] + landmarks[8]) / 2;
  const my = (landmarks[7] + landmarks[9]) / 2;
  const d = Math.max(4, Math.hypot(mx - ex, my - ey));
  const side = Math.max(1, Math.min(width, height, Math.round(CROP_SIDE_PER_EYE_MOUTH * d)));
  const cx = ex + CROP_CENTRE_TOWARDS_MOUTH * (mx - ex);
  const cy = ey + CROP_CENTRE_TOWARDS_MOUTH * (my - ey);
  const left = Math.min(width - side, Math.max(0, Math.round(cx - side / 2)));
  const top = Math.min(height - side, Math.max(0, Math.round(cy - side / 2)));
  return { left, top, side };
}

/** A landmark in the stored image after cropping to `box` and resizing to `size`. */
export function toCropped(x: number, y: number, box: CropBox, size: number): [number, number] {
  const k = size / box.side;
  // CelebA gives pixel indices; their centres are at +0.5 in the continuous coordinates masks use.
  return [Math.round((x + 0.5 - box.left) * k * 100) / 100, Math.round((y + 0.5 - box.top) * k * 100) / 100];
}
