/** Reads images of a stored dataset from the main process (reports, gallery), a range at a time. */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetItem, DatasetManifest } from '../../shared/dataset.ts';

export function readDatasetItems(dir: string, manifest: DatasetManifest): DatasetItem[] {
  return JSON.parse(readFileSync(join(dir, manifest.files.items), 'utf8')) as DatasetItem[];
}

/** RGB uint8 of images [start, start + count), [count, H, W, 3]. */
export function readDatasetPixels(dir: string, manifest: DatasetManifest, start: number, count: number): Uint8Array {
  const per = manifest.size * manifest.size * 3;
  const out = new Uint8Array(per * count);
  const fd = openSync(join(dir, manifest.files.images), 'r');
  try {
    readSync(fd, out, 0, out.length, start * per);
  } finally {
    closeSync(fd);
  }
  return out;
}
