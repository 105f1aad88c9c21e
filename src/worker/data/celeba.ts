/**
 * CelebA import in the official layout (a root folder with, directly or under Anno/, Eval/, Img/):
 * `img_align_celeba/` or `img_align_celeba.zip` (celeba-images.ts), `list_attr_celeba.txt` (or `.csv`), `list_landmarks_align_celeba.txt` (or
 * `.csv`), `list_eval_partition.txt` (or `.csv`; without it a seeded split). Each image is cropped by
 * our landmark rule (celeba-crop.ts), resized to the preset size with sharp, and given an eye-region
 * mask from its eye landmarks; faces with Eyeglasses are dark- or clear-lensed by their measured lens
 * darkness (faces/lens-darkness.ts). Unreadable images are skipped and listed; progress and cancel as the
 * black-box build does.
 *
 * Nothing outside the folder the user named is read (issue 16): lists, the image folder or zip and every
 * image must lie inside it after symlinks, be regular files opened without blocking, and stay within
 * LIST_LIMITS and READ_LIMITS (archive-limits.ts); list rows are file names, never paths.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { SkippedFile } from '../../shared/dataset.ts';
import type { FaceItem, FaceSplit } from '../../shared/faces.ts';
import { LabError } from '../../shared/result.ts';
import { type ReadLimits, readLimits } from '../../node/archive-limits.ts';
import { LANDMARK_COLUMNS, type ListLimits, readCelebaTable } from './celeba-lists.ts';
import { celebaCrop, toCropped } from './celeba-crop.ts';
import { openCelebaImages } from './celeba-images.ts';
import { eyeRegionMask } from './faces/eye-mask.ts';
import { lensDarkness, lensStyle } from './faces/lens-darkness.ts';
import type { LoadedFaces } from './faces/face-dataset-files.ts';
import { makeRng, permutation, subSeed } from './prng.ts';

export interface CelebaImportOptions {
  root: string;
  size: number;
  count: number;
  seed: number;
  testFraction: number;
  /** Fail before decoding anything if fewer than `perGroup` training images have / lack it. */
  attribute?: string;
  perGroup?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
  isCancelled?: () => boolean;
  /** Lower caps than READ_LIMITS / LIST_LIMITS (tests). */
  limits?: Partial<ReadLimits>;
  listLimits?: Partial<ListLimits>;
}

export interface CelebaImport extends LoadedFaces {
  description: string;
  attributeNames: string[];
  skipped: SkippedFile[];
}

const SUBFOLDERS = ['', 'Anno', 'Eval', 'Img'];

function find(root: string, names: string[]): string | null {
  for (const sub of SUBFOLDERS) for (const n of names) if (existsSync(join(root, sub, n))) return join(root, sub, n);
  return null;
}

function requireFile(root: string, stem: string): string {
  const p = find(root, [`${stem}.txt`, `${stem}.csv`]);
  if (p === null) throw new LabError('bad-input', `${join(root, `${stem}.txt`)}: not found (the CelebA folder needs ${stem}.txt or .csv)`);
  return p;
}

/** The image folder or zip, checked before anything is decoded (opened later, by the import). */
function imageSource(root: string): string {
  const p = find(root, ['img_align_celeba']) ?? find(root, ['img_align_celeba.zip']);
  if (p === null) throw new LabError('bad-input', `${join(root, 'img_align_celeba')}: image folder (or img_align_celeba.zip) not found`);
  return p;
}

/** Checks the whole layout and the attribute before any image is decoded. */
export function openCeleba(o: CelebaImportOptions) {
  if (!existsSync(o.root) || !statSync(o.root).isDirectory()) throw new LabError('bad-input', `${o.root}: not a folder`);
  const attrPath = requireFile(o.root, 'list_attr_celeba');
  const landmarkPath = requireFile(o.root, 'list_landmarks_align_celeba');
  const partitionPath = find(o.root, ['list_eval_partition.txt', 'list_eval_partition.csv']);
  const images = imageSource(o.root);
  const attrs = readCelebaTable(attrPath, o.root, o.listLimits);
  const marks = readCelebaTable(landmarkPath, o.root, o.listLimits);
  if (marks.columns.length !== LANDMARK_COLUMNS.length) throw new LabError('bad-input', `${landmarkPath}: expected ${LANDMARK_COLUMNS.length} landmark columns, found ${marks.columns.length}`);
  const partition = partitionPath === null ? null : readCelebaTable(partitionPath, o.root, o.listLimits);
  if (o.attribute !== undefined) {
    const k = attrs.columns.indexOf(o.attribute);
    if (k < 0) throw new LabError('bad-input', `attribute "${o.attribute}" is not in ${attrPath} (it has ${attrs.columns.slice(0, 6).join(', ')}, …)`);
    const need = o.perGroup ?? 0;
    const files = [...attrs.rows.keys()].slice(0, o.count).filter((f) => (partition?.rows.get(f)?.[0] ?? 0) === 0);
    const withIt = files.filter((f) => attrs.rows.get(f)![k] > 0).length;
    if (withIt < need || files.length - withIt < need) {
      throw new LabError('bad-input', `attribute "${o.attribute}": ${withIt} of the first ${files.length} training images in ${attrPath} have it and ${files.length - withIt} lack it; perGroup = ${need} (the concept’s faces per group, --concept-faces) needs that many of each`);
    }
  }
  return { attrPath, landmarkPath, partitionPath, images, attrs, marks, partition };
}

function splitOf(value: number | undefined, fallbackTest: boolean): FaceSplit {
  if (value === undefined) return fallbackTest ? 'test' : 'train';
  return value === 2 ? 'test' : value === 1 ? 'val' : 'train';
}

export async function importCeleba(o: CelebaImportOptions): Promise<CelebaImport> {
  const lay = openCeleba(o);
  const { size, count } = o;
  const files = [...lay.attrs.rows.keys()];
  const testSet = new Set(permutation(Math.min(files.length, count * 2), makeRng(subSeed(o.seed, 42, 0))).slice(0, Math.round(count * o.testFraction)));
  const pixels = new Uint8Array(count * size * size * 3);
  const masks = new Uint8Array(count * size * size);
  const items: FaceItem[] = [];
  const skipped: SkippedFile[] = [];
  let last = 0;
  const source = await openCelebaImages(o.root, (names) => find(o.root, names), readLimits(o.limits));
  try {
    for (let c = 0; c < files.length && items.length < count; c++) {
      if (o.isCancelled?.()) throw new LabError('cancelled', 'CelebA import cancelled');
      const file = files[c];
      const lm = lay.marks.rows.get(file);
      if (lm === undefined) {
        skipped.push({ file, reason: `no landmarks in ${lay.landmarkPath}` });
        continue;
      }
      try {
        const bytes = await source.read(file);
        const meta = await sharp(bytes, { failOn: 'error' }).metadata();
        const box = celebaCrop(lm, meta.width ?? 0, meta.height ?? 0);
        const { data, info } = await sharp(bytes, { failOn: 'error' })
          .extract({ left: box.left, top: box.top, width: box.side, height: box.side })
          .resize(size, size, { fit: 'fill' })
          .removeAlpha()
          .toColourspace('srgb')
          .raw()
          .toBuffer({ resolveWithObject: true });
        if (info.channels !== 3 || data.length !== size * size * 3) throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}`);
        const n = items.length;
        pixels.set(data, n * size * size * 3);
        const leftEye = toCropped(lm[0], lm[1], box, size);
        const rightEye = toCropped(lm[2], lm[3], box, size);
        const mouth = toCropped((lm[6] + lm[8]) / 2, (lm[7] + lm[9]) / 2, box, size);
        eyeRegionMask(size, leftEye, rightEye, masks, n * size * size);
        const row = lay.attrs.rows.get(file)!;
        const attributes = Object.fromEntries(lay.attrs.columns.map((name, k) => [name, row[k] > 0 ? 1 : 0])) as Record<string, 0 | 1>;
        // CelebA does not say which glasses are sunglasses: measured from the lens pixels (lens-darkness.ts).
        const darkness = lensDarkness(pixels, n * size * size * 3, size, leftEye, rightEye);
        items.push({
          attributes,
          eyeglasses: attributes.Eyeglasses === 1 ? lensStyle(darkness) : 'none',
          lensDarkness: darkness,
          split: splitOf(lay.partition?.rows.get(file)?.[0], testSet.has(c)),
          landmarks: { leftEye, rightEye, mouth },
          origin: file,
        });
      } catch (e) {
        skipped.push({ file, reason: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
      }
      if (o.onProgress !== undefined && (Date.now() - last > 100 || items.length === count)) {
        last = Date.now();
        o.onProgress(items.length, count, 'importing CelebA');
      }
    }
  } finally {
    source.close();
  }
  o.onProgress?.(items.length, items.length, 'importing CelebA');
  if (items.length === 0) throw new LabError('bad-input', `${source.where}: no readable images (${skipped.length} skipped, first: ${skipped[0]?.file ?? 'none'}: ${skipped[0]?.reason ?? ''})`);
  const n = items.length;
  return {
    size,
    items,
    pixels: n === count ? pixels : pixels.slice(0, n * size * size * 3),
    masks: n === count ? masks : masks.slice(0, n * size * size),
    attributeNames: lay.attrs.columns,
    skipped,
    description: `CelebA at ${o.root}: ${n} of ${files.length} aligned images, landmark crop 3.5 × eye–mouth distance, ${lay.partitionPath === null ? 'seeded split' : 'official partition'}`,
  };
}
