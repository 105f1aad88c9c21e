/** Stratified, seeded train/test split: the same seed always gives the same split (resume, maps). */
import { makeRng, permutation, subSeed } from '../data/prng.ts';

export interface Split {
  train: number[];
  test: number[];
}

/** `stream` keeps another split drawn from the same seed (the validation split of the training images) independent. */
export function stratifiedSplit(labels: readonly number[], testFraction: number, seed: number, stream = 20): Split {
  const train: number[] = [];
  const test: number[] = [];
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  for (const c of classes) {
    const members = labels.flatMap((l, i) => (l === c ? [i] : []));
    const order = permutation(members.length, makeRng(subSeed(seed, stream, c)));
    const nTest = Math.round(members.length * testFraction);
    order.forEach((k, j) => (j < nTest ? test : train).push(members[k]));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
