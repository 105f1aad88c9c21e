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
  return pngDataUri(rgba, size);
}

export async function mapPng(s: Float32Array, size: number, max: number, sign: ScaleSign): Promise<string> {
  return pngDataUri(colourise(s, max, sign), size);
}
