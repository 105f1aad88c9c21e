/**
 * The 1000 ImageNet classes in the order of a Keras applications model's logits, with WordNet ids,
 * shipped with the lab (assets/imagenet-classes.json; no download at run time). A class is chosen by
 * index, WordNet id or name (`great_grey_owl`, `great grey owl`, any case).
 */
import data from '../../../../assets/imagenet-classes.json' with { type: 'json' };
import { LabError } from '../../../shared/result.ts';

export interface ImagenetClass {
  index: number;
  wnid: string;
  name: string;
}

export const IMAGENET_CLASSES: readonly ImagenetClass[] = (data.classes as string[][]).map(([wnid, name], index) => ({ index, wnid, name }));

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, '_');

/** An index (in range), a WordNet id or a class name; a miss names the closest matches. */
export function imagenetClass(text: string | number, classes = 1000): number {
  if (typeof text === 'number' || /^\d+$/.test(text.trim())) {
    const i = Number(text);
    if (!(Number.isInteger(i) && i >= 0 && i < classes)) throw new LabError('bad-input', `class ${i} is out of range: the model has ${classes} outputs`);
    return i;
  }
  const want = norm(text);
  const hit = IMAGENET_CLASSES.find((c) => c.wnid === want || norm(c.name) === want);
  if (hit !== undefined && classes === 1000) return hit.index;
  if (classes !== 1000) throw new LabError('bad-input', `class "${text}": class names are known only for ImageNet models (1000 outputs); give an index below ${classes}`);
  const near = IMAGENET_CLASSES.filter((c) => norm(c.name).includes(want)).slice(0, 5).map((c) => `${c.index} ${c.name}`);
  throw new LabError('bad-input', `class "${text}" is not an ImageNet class name or WordNet id${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}`);
}

/** `24 great_grey_owl` for ImageNet-sized outputs, else the index. */
export function className(index: number, classes: number): string | null {
  return classes === 1000 ? (IMAGENET_CLASSES[index]?.name ?? null) : null;
}
