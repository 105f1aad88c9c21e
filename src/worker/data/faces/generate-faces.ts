/**
 * Generates a seeded set of procedural faces: RGB uint8 images [N,H,W,3], CelebA-named attribute
 * labels, eyeglasses style, landmarks, an eye-region mask per image [N,H,W] and a seeded split.
 * Face i depends only on (seed, i), so any prefix of a larger set is the same faces.
 */
import type { FaceItem, FaceSplit } from '../../../shared/faces.ts';
import { LabError } from '../../../shared/result.ts';
import { makeRng, permutation, subSeed } from '../prng.ts';
import { drawFace } from './draw-face.ts';
import { eyeRegionMask } from './eye-mask.ts';
import { lensDarkness } from './lens-darkness.ts';
import { faceAttributes, sampleFaceParams } from './face-params.ts';
import { makeCanvas, toUint8 } from './raster.ts';

export interface GeneratedFaces {
  size: number;
  pixels: Uint8Array;
  masks: Uint8Array;
  items: FaceItem[];
}

export interface GenerateOptions {
  size: number;
  count: number;
  seed: number;
  testFraction: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Draws face i of a seeded stream into `pixels`/`masks` at its slot; returns its item without split. */
export function generateFace(size: number, seed: number, i: number, pixels: Uint8Array, masks: Uint8Array, slot: number): Omit<FaceItem, 'split'> {
  const rng = makeRng(subSeed(seed, 40, i));
  const params = sampleFaceParams(rng);
  const canvas = makeCanvas(size);
  const marks = drawFace(canvas, params);
  const l = params.light;
  // brightness · (1 + strength · ((x − ½)·dx + (y − ½)·dy)), as a linear function of x and y.
  const g = l.brightness * l.strength;
  toUint8(canvas, { base: l.brightness - 0.5 * g * (l.dx + l.dy), gx: g * l.dx, gy: g * l.dy }, pixels, slot * size * size * 3);
  eyeRegionMask(size, marks.leftEye, marks.rightEye, masks, slot * size * size);
  const landmarks: FaceItem['landmarks'] = {
    leftEye: [round2(marks.leftEye[0]), round2(marks.leftEye[1])],
    rightEye: [round2(marks.rightEye[0]), round2(marks.rightEye[1])],
    mouth: [round2(marks.mouth[0]), round2(marks.mouth[1])],
  };
  return {
    attributes: faceAttributes(params),
    // As drawn; the measured darkness (from the stored landmarks) is kept beside it, the check of the
    // rule CelebA's glasses are split by.
    eyeglasses: params.glasses.style,
    lensDarkness: lensDarkness(pixels, slot * size * size * 3, size, landmarks.leftEye, landmarks.rightEye),
    landmarks,
    origin: `generated:${seed}/${i}`,
  };
}

export function generateFaces(o: GenerateOptions): GeneratedFaces {
  const { size, count, seed } = o;
  const pixels = new Uint8Array(count * size * size * 3);
  const masks = new Uint8Array(count * size * size);
  const testSet = new Set(permutation(count, makeRng(subSeed(seed, 41, 0))).slice(0, Math.round(count * o.testFraction)));
  const items: FaceItem[] = [];
  let last = 0;
  for (let i = 0; i < count; i++) {
    if (i % 64 === 0 && o.isCancelled?.()) throw new LabError('cancelled', 'face generation cancelled');
    const split: FaceSplit = testSet.has(i) ? 'test' : 'train';
    items.push({ ...generateFace(size, seed, i, pixels, masks, i), split });
    if (o.onProgress !== undefined && (Date.now() - last > 100 || i === count - 1)) {
      last = Date.now();
      o.onProgress(i + 1, count);
    }
  }
  return { size, pixels, masks, items };
}
