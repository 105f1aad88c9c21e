/**
 * The gallery's filters as pure functions: black-box images by box / no box, split, prediction correct /
 * wrong; faces by attribute, glasses style and split.
 */
import type { DatasetItem } from '../../shared/dataset.ts';
import type { EyeglassesStyle, FaceItem, FaceSplit } from '../../shared/faces.ts';

export interface GalleryFilter {
  box: 'all' | 'box' | 'no-box';
  split: 'all' | 'train' | 'test';
  prediction: 'all' | 'correct' | 'wrong';
}

export const ALL_ITEMS: GalleryFilter = { box: 'all', split: 'all', prediction: 'all' };

/** Indices of the items that pass; split and prediction filters need a run's split and predictions. */
export function filterItems(items: readonly DatasetItem[], f: GalleryFilter, run: { testIndices: readonly number[]; predictions: readonly number[] | null } | null): number[] {
  const test = new Set(run?.testIndices ?? []);
  const out: number[] = [];
  items.forEach((it, i) => {
    if (f.box === 'box' && it.box === null) return;
    if (f.box === 'no-box' && it.box !== null) return;
    if (f.split !== 'all' && run !== null && test.size > 0 && (f.split === 'test') !== test.has(i)) return;
    if (f.prediction !== 'all' && run?.predictions) {
      const correct = run.predictions[i] === it.label;
      if ((f.prediction === 'correct') !== correct) return;
    }
    out.push(i);
  });
  return out;
}

/** Faces (experiment 2): per attribute with / without / any, the glasses style and the split. */
export interface FacesFilter {
  attributes: Record<string, 'any' | 'with' | 'without'>;
  glasses: 'all' | EyeglassesStyle;
  split: 'all' | FaceSplit;
}

export const ALL_FACES: FacesFilter = { attributes: {}, glasses: 'all', split: 'all' };

export function facesFilterActive(f: FacesFilter): boolean {
  return f.glasses !== 'all' || f.split !== 'all' || Object.values(f.attributes).some((v) => v !== 'any');
}

/** Indices of the faces that pass every filter. */
export function filterFaces(items: readonly FaceItem[], f: FacesFilter): number[] {
  const wanted = Object.entries(f.attributes).filter(([, v]) => v !== 'any');
  const out: number[] = [];
  items.forEach((it, i) => {
    if (f.glasses !== 'all' && it.eyeglasses !== f.glasses) return;
    if (f.split !== 'all' && it.split !== f.split) return;
    for (const [name, v] of wanted) if ((it.attributes[name] === 1) !== (v === 'with')) return;
    out.push(i);
  });
  return out;
}
