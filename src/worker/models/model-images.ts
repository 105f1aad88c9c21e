/**
 * Images for an imported model (issue 9): any folder of images, each resized so its shorter side fits the
 * model's input and centre-cropped to it (sharp's `cover`), RGB in [0, 1]; unreadable files are skipped
 * and listed. Without a folder, a small built-in set drawn by the lab's own background generator.
 */
import { MAX_INPUT_BYTES, imagesMemoryProblem } from '../../shared/memory-limits.ts';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import sharp from 'sharp';
import type { SkippedFile } from '../../shared/dataset.ts';
import { LabError } from '../../shared/result.ts';
import { generateBackground } from '../data/backgrounds.ts';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.jpe', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif']);

export interface ModelImages {
  /** RGB in [0, 1], [count, size, size, 3] interleaved. */
  raw: Float32Array;
  count: number;
  size: number;
  /** A name per image: the file path relative to the folder, or `generated-<seed>`. */
  names: string[];
  skipped: SkippedFile[];
}

/** Shorter side to `size`, then the centre `size × size` (what Keras and torchvision evaluation crops do). */
export async function decodeCentreCrop(path: string, size: number): Promise<Float32Array> {
  const { data, info } = await sharp(path, { failOn: 'error' })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'cover', position: 'centre' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] / 255;
  return out;
}

function listFiles(root: string, skipped: SkippedFile[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let names: string[];
    try {
      const real = realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      names = readdirSync(dir).sort();
    } catch (e) {
      skipped.push({ file: relative(root, dir) || '.', reason: `unreadable folder (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch (e) {
        skipped.push({ file: relative(root, p), reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'dangling symbolic link' : 'unreadable' });
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (!st.isFile()) skipped.push({ file: relative(root, p), reason: 'not a regular file' });
      else if (IMAGE_EXT.has(extname(name).toLowerCase())) out.push(p);
      else skipped.push({ file: relative(root, p), reason: `not an image (${extname(name) || 'no extension'})` });
    }
  };
  walk(root);
  return out;
}

/** Every readable image under `dir` (sorted, recursive); one line naming the folder when there is none. */
export async function readImageFolder(dir: string, size: number, limit = Infinity, isCancelled: () => boolean = () => false): Promise<ModelImages> {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new LabError('bad-input', `${dir}: image folder not found`);
  }
  if (!st.isDirectory()) throw new LabError('bad-input', `${dir}: not a folder (expected a folder of images)`);
  const skipped: SkippedFile[] = [];
  const files = listFiles(dir, skipped);
  const memory = imagesMemoryProblem(Math.min(files.length, limit), size, 4, MAX_INPUT_BYTES, 'images');
  if (memory !== null) throw new LabError('bad-input', `${dir}: ${memory} (--limit N explains fewer)`);
  const images: Float32Array[] = [];
  const names: string[] = [];
  for (const file of files) {
    if (images.length >= limit) break;
    if (isCancelled()) throw new LabError('cancelled', 'reading images cancelled');
    try {
      images.push(await decodeCentreCrop(file, size));
      names.push(relative(dir, file));
    } catch (e) {
      skipped.push({ file: relative(dir, file), reason: `unreadable image (${(e as Error).message.split('\n')[0]})` });
    }
  }
  if (images.length === 0) {
    const why = files.length > 0 ? `none of its ${files.length} image files could be read (${skipped[0]?.file}: ${skipped[0]?.reason})` : skipped.length > 0 ? `it holds no image files (${skipped.length} other files)` : 'it is empty';
    throw new LabError('bad-input', `${dir}: no images: ${why}`);
  }
  const raw = new Float32Array(images.length * size * size * 3);
  images.forEach((img, i) => raw.set(img, i * img.length));
  return { raw, count: images.length, size, names, skipped };
}

/**
 * The built-in set: `count` images of the lab's background generator (textures, soft dark and light shapes).
 * A cancel is seen between images (at 1024² one takes seconds).
 */
export function generatedImages(count: number, size: number, seed: number, isCancelled: () => boolean = () => false): ModelImages {
  const memory = imagesMemoryProblem(count, size, 4, MAX_INPUT_BYTES, 'images');
  if (memory !== null) throw new LabError('bad-input', memory);
  const raw = new Float32Array(count * size * size * 3);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (isCancelled()) throw new LabError('cancelled', `generating images cancelled after ${i} of ${count}`);
    const img = generateBackground(size, seed * 7919 + i);
    for (let k = 0; k < img.length; k++) raw[i * img.length + k] = img[k] / 255;
    names.push(`generated-${seed}-${i}`);
  }
  return { raw, count, size, names, skipped: [] };
}
