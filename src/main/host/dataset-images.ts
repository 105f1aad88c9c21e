/**
 * Reads images of a stored dataset from the main process (reports, gallery), a range at a time.
 * The file names come from the dataset's manifest, so they are confined to the dataset's folder after
 * resolving symlinks (src/node/confine.ts): a manifest saying `../../outside` reads nothing.
 */
import type { DatasetItem, DatasetManifest } from '../../shared/dataset.ts';
import { LabError } from '../../shared/result.ts';
import { readConfinedFileAsync, withConfinedFileAsync } from '../../node/confine.ts';

export async function readDatasetItems(dir: string, manifest: DatasetManifest): Promise<DatasetItem[]> {
  const text = (await readConfinedFileAsync(dir, manifest.files?.items)).toString('utf8');
  try {
    return JSON.parse(text) as DatasetItem[];
  } catch {
    throw new LabError('bad-input', `${manifest.files.items}: the dataset's items file is not valid JSON`);
  }
}

/** RGB uint8 of images [start, start + count), [count, H, W, 3]. */
export async function readDatasetPixels(dir: string, manifest: DatasetManifest, start: number, count: number): Promise<Uint8Array> {
  const { size } = manifest;
  if (!Number.isInteger(size) || size < 1 || size > 4096) throw new LabError('bad-input', `dataset manifest: image size ${String(size)} is not an integer in 1..4096`);
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0) throw new LabError('bad-input', `images [${start}, ${start + count}): not a valid range`);
  const per = size * size * 3;
  const out = new Uint8Array(per * count);
  await withConfinedFileAsync(dir, manifest.files?.images, (fh) => fh.read(out, 0, out.length, start * per));
  return out;
}
