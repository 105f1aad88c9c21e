/** PNG figures for reports: an input image with its box outlined, and coloured maps. */
import sharp from 'sharp';
import type { BoxRect } from '../../../shared/dataset.ts';
import { colourise, type ScaleSign } from '../../../shared/color-scale.ts';

const SCALE = 3; // 64 px images are drawn at 192 px, nearest neighbour, so pixels stay visible

async function pngDataUri(rgba: Uint8ClampedArray | Uint8Array, size: number): Promise<string> {
  const png = await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width: size, height: size, channels: 4 } })
    .resize(size * SCALE, size * SCALE, { kernel: 'nearest' })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

export async function inputImagePng(rgb: Uint8Array, size: number, box: BoxRect | null): Promise<string> {
  return pngDataUri(inputWithBoxRgba(rgb, size, box), size);
}

/** RGB [size² × 3] as RGBA with the box outlined in green (also drawn synchronously: png-sync.ts). */
export function inputWithBoxRgba(rgb: Uint8Array, size: number, box: BoxRect | null): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    rgba.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
    rgba[p * 4 + 3] = 255;
  }
  if (box !== null) {
    // Outline just outside the box so the black pixels themselves stay visible.
    const mark = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= size || y >= size) return;
      rgba.set([0, 255, 0, 255], (y * size + x) * 4);
    };
    for (let i = -1; i <= box.side; i++) {
      mark(box.x + i, box.y - 1);
      mark(box.x + i, box.y + box.side);
      mark(box.x - 1, box.y + i);
      mark(box.x + box.side, box.y + i);
    }
  }
  return rgba;
}

/** An input image with a region (e.g. the eye region) outlined in green just outside its pixels. */
export async function inputWithRegionPng(rgb: Uint8Array, size: number, mask: Uint8Array): Promise<string> {
  const rgba = new Uint8Array(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    rgba.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
    rgba[p * 4 + 3] = 255;
  }
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < size && y < size && mask[y * size + x] !== 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!inside(x, y) && (inside(x - 1, y) || inside(x + 1, y) || inside(x, y - 1) || inside(x, y + 1))) rgba.set([0, 255, 0, 255], (y * size + x) * 4);
    }
  }
  return pngDataUri(rgba, size);
}

/** RGB uint8 of any width × height (reconstructions, traversal strips), enlarged like the maps. */
export async function rgbStripPng(rgb: Uint8Array, width: number, height: number): Promise<string> {
  const png = await sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), { raw: { width, height, channels: 3 } })
    .resize(width * SCALE, height * SCALE, { kernel: 'nearest' })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

export async function mapPng(s: Float32Array, size: number, max: number, sign: ScaleSign): Promise<string> {
  return pngDataUri(colourise(s, max, sign), size);
}
