/** The gallery's filters as a pure function: box / no box, split, prediction correct / wrong. */
import type { DatasetItem } from '../../shared/dataset.ts';

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
