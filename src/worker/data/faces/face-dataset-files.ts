/**
 * The on-disk form of a faces dataset: the black-box layout (`images.bin` raw RGB uint8 [N,H,W,3] and
 * `items.json`, one FaceItem per image with its attributes, split and landmarks) plus `masks.bin`, the
 * eye-region mask uint8 [N,H,W] (1 inside).
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../../../node/atomic-write.ts';
import { join } from 'node:path';
import type { FaceItem } from '../../../shared/faces.ts';
import { LabError } from '../../../shared/result.ts';
import { IMAGES_FILE, ITEMS_FILE } from '../dataset-files.ts';

export const MASKS_FILE = 'masks.bin';

export interface LoadedFaces {
  size: number;
  items: FaceItem[];
  pixels: Uint8Array;
  masks: Uint8Array;
}

export function writeFaceFiles(dir: string, faces: LoadedFaces): void {
  // Atomic writes name the file on a full disk (ENOSPC) instead of Node's raw error (issue 16).
  writeFileAtomicSync(join(dir, IMAGES_FILE), faces.pixels);
  writeFileAtomicSync(join(dir, MASKS_FILE), faces.masks);
  writeFileAtomicSync(join(dir, ITEMS_FILE), JSON.stringify(faces.items));
}

/** Reads a faces dataset; the image side is derived from the file sizes and checked against the masks. */
export function loadFaceFiles(dir: string): LoadedFaces {
  const paths = [IMAGES_FILE, MASKS_FILE, ITEMS_FILE].map((f) => join(dir, f));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new LabError('not-found', `${missing[0]}: faces dataset file missing`);
  const items = JSON.parse(readFileSync(paths[2], 'utf8')) as FaceItem[];
  const pixels = readFileSync(paths[0]);
  const masks = readFileSync(paths[1]);
  const n = Math.max(1, items.length);
  const size = Math.round(Math.sqrt(masks.length / n));
  if (masks.length !== n * size * size || pixels.length !== n * size * size * 3) {
    throw new LabError('bad-input', `${dir}: ${items.length} items, but ${pixels.length} image bytes and ${masks.length} mask bytes do not make square images`);
  }
  return {
    size,
    items,
    pixels: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length),
    masks: new Uint8Array(masks.buffer, masks.byteOffset, masks.length),
  };
}

/** Dataset indices of a split, in order; `test` falls back to `val` when a dataset has no test images. */
export function splitIndices(items: readonly FaceItem[], split: 'train' | 'test'): number[] {
  const pick = (s: string) => items.flatMap((it, i) => (it.split === s ? [i] : []));
  const out = pick(split);
  return split === 'test' && out.length === 0 ? pick('val') : out;
}
