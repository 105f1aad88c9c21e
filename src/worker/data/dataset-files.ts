/**
 * The on-disk form of a black-box dataset: `images.bin` (raw RGB uint8 [N,H,W,3], so a gallery can page
 * through 4000 thumbnails with one read per page) and `items.json` (label, box, origin per image).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetItem } from '../../shared/dataset.ts';
import { LabError } from '../../shared/result.ts';
import { writeFileDurableSync } from '../../node/atomic-write.ts';

export const IMAGES_FILE = 'images.bin';
export const ITEMS_FILE = 'items.json';

export interface LoadedDataset {
  size: number;
  items: DatasetItem[];
  /** RGB uint8 [N, size, size, 3]. */
  pixels: Uint8Array;
}

export function loadDatasetFiles(dir: string, size: number): LoadedDataset {
  const itemsPath = join(dir, ITEMS_FILE);
  const imagesPath = join(dir, IMAGES_FILE);
  if (!existsSync(itemsPath) || !existsSync(imagesPath)) throw new LabError('not-found', `${dir}: dataset files missing (${ITEMS_FILE}, ${IMAGES_FILE})`);
  let items: DatasetItem[];
  try {
    items = JSON.parse(readFileSync(itemsPath, 'utf8')) as DatasetItem[];
  } catch {
    throw new LabError('io', `${itemsPath}: the items file is corrupt (truncated or not valid JSON)`);
  }
  if (!Array.isArray(items)) throw new LabError('io', `${itemsPath}: the items file is corrupt (not a list)`);
  const pixels = readFileSync(imagesPath);
  if (pixels.length !== items.length * size * size * 3) {
    throw new LabError('bad-input', `${imagesPath}: ${pixels.length} bytes, expected ${items.length * size * size * 3} for ${items.length} images of ${size}×${size}`);
  }
  return { size, items, pixels: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length) };
}

/** Writes a built dataset's files into its staging folder, flushed; a full disk is one line naming the file. */
export function writeDatasetFiles(stagingDir: string, pixels: Uint8Array, items: DatasetItem[]): void {
  writeFileDurableSync(join(stagingDir, IMAGES_FILE), pixels);
  writeFileDurableSync(join(stagingDir, ITEMS_FILE), JSON.stringify(items));
}

/** uint8 RGB → float32 in [0, 1] (black stays exactly 0). */
export function toUnitFloat(pixels: Uint8Array, indices: readonly number[], size: number): Float32Array {
  const per = size * size * 3;
  const out = new Float32Array(indices.length * per);
  indices.forEach((idx, k) => {
    const src = pixels.subarray(idx * per, (idx + 1) * per);
    for (let i = 0; i < per; i++) out[k * per + i] = src[i] / 255;
  });
  return out;
}
