/**
 * The concept of experiment 2 (METHODS.md): c = mean z over N training faces with the attribute − mean
 * z over N without (seeded choice; z = μ(x) by default, or a sampled z = μ + σ·ε with a fixed seed as
 * the reference did); the concept score S(x) = μ(x)·c; how well S separates test faces with and
 * without the attribute (AUROC); and a traversal strip decoding μ + α·c.
 */
import { LabError } from '../../../shared/result.ts';
import { tf } from '../../engine/tf.ts';
import type { LayersModel, Tensor } from '../../engine/tf.ts';
import type { LoadedFaces } from '../../data/faces/face-dataset-files.ts';
import { splitIndices } from '../../data/faces/face-dataset-files.ts';
import { makeRng, permutation, subSeed } from '../../data/prng.ts';
import { auroc } from '../../../shared/statistics.ts';
import { facesTensor } from '../../training/train-vae.ts';

/** Latent codes [n, latent] of the given faces, inference mode. */
export function encodeFaces(encoder: LayersModel, data: LoadedFaces, idx: readonly number[], mode: 'mean' | 'sampled' = 'mean', seed = 1, batch = 50): Float32Array[] {
  const out: Float32Array[] = [];
  for (let s = 0; s < idx.length; s += batch) {
    const part = idx.slice(s, s + batch);
    const rows = tf.tidy(() => {
      const [mu, lv] = encoder.predict(facesTensor(data, part)) as Tensor[];
      if (mode === 'mean') return mu.arraySync() as number[][];
      const rng = makeRng(subSeed(seed, 50, s));
      const eps = tf.tensor(Float32Array.from({ length: mu.size }, () => rng.normal()), mu.shape);
      return tf.add(mu, tf.mul(tf.exp(tf.mul(lv, 0.5)), eps)).arraySync() as number[][];
    });
    for (const r of rows) out.push(Float32Array.from(r));
  }
  return out;
}

/** Training faces with and without the attribute, `perGroup` of each, chosen with the seed. */
export function conceptGroups(data: LoadedFaces, attribute: string, perGroup: number, seed: number): { withIt: number[]; without: number[] } {
  if (data.items.length > 0 && !(attribute in data.items[0].attributes)) {
    throw new LabError('bad-input', `attribute "${attribute}" is not in this dataset (it has ${Object.keys(data.items[0].attributes).join(', ')})`);
  }
  if (!Number.isInteger(perGroup) || perGroup < 1) throw new LabError('bad-input', `perGroup must be a positive integer, got ${perGroup}`);
  const train = splitIndices(data.items, 'train');
  const has = train.filter((i) => data.items[i].attributes[attribute] === 1);
  const lacks = train.filter((i) => data.items[i].attributes[attribute] !== 1);
  if (has.length < perGroup || lacks.length < perGroup) {
    throw new LabError('bad-input', `attribute "${attribute}": ${has.length} training faces have it and ${lacks.length} lack it; perGroup = ${perGroup} (the concept’s faces per group, --concept-faces) needs that many of each`);
  }
  const choose = (xs: number[], stream: number) => permutation(xs.length, makeRng(subSeed(seed, stream, 0))).slice(0, perGroup).map((k) => xs[k]).sort((a, b) => a - b);
  return { withIt: choose(has, 51), without: choose(lacks, 52) };
}

function mean(rows: readonly Float32Array[]): Float64Array {
  const m = new Float64Array(rows[0].length);
  for (const r of rows) for (let k = 0; k < m.length; k++) m[k] += r[k];
  for (let k = 0; k < m.length; k++) m[k] /= rows.length;
  return m;
}

export function conceptVector(withIt: readonly Float32Array[], without: readonly Float32Array[]): Float32Array {
  const a = mean(withIt);
  const b = mean(without);
  return Float32Array.from(a, (v, k) => v - b[k]);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** S(x) = μ(x)·c for the given faces, and the AUROC of S for "has the attribute". */
export function conceptSeparation(encoder: LayersModel, data: LoadedFaces, idx: readonly number[], c: Float32Array, attribute: string) {
  const scores = encodeFaces(encoder, data, idx).map((mu) => dot(mu, c));
  const labels = idx.map((i) => data.items[i].attributes[attribute] ?? 0);
  const styles = idx.map((i) => data.items[i].eyeglasses);
  // One style with the attribute against every face without it (ties count one half, as in the overall AUROC).
  const byStyle = (style: 'dark' | 'clear') => {
    const keep = idx.flatMap((_, k) => (labels[k] === 0 || (labels[k] === 1 && styles[k] === style) ? [k] : []));
    return keep.some((k) => labels[k] === 1) && keep.some((k) => labels[k] === 0) ? auroc(keep.map((k) => scores[k]), keep.map((k) => labels[k])) : null;
  };
  // Glasses styles mean something for the Eyeglasses concept only.
  return { scores, labels, styles, auroc: auroc(scores, labels), aurocByStyle: attribute === 'Eyeglasses' ? { dark: byStyle('dark'), clear: byStyle('clear') } : undefined };
}

/** Decoded μ + α·c for each start face and α: RGB uint8 [T, A, H, W, 3]. */
export function traversal(encoder: LayersModel, decoder: LayersModel, data: LoadedFaces, starts: readonly number[], c: Float32Array, alphas: readonly number[]): Uint8Array {
  if (starts.length === 0) return new Uint8Array(0);
  return tf.tidy(() => {
    const mu = (encoder.predict(facesTensor(data, starts)) as Tensor[])[0];
    const ct = tf.tensor2d(c, [1, c.length]);
    const zs = starts.flatMap((_, t) => alphas.map((a) => tf.add(tf.slice(mu, [t, 0], [1, c.length]), tf.mul(ct, a))));
    const p = decoder.predict(tf.concat(zs, 0)) as Tensor;
    return Uint8Array.from(tf.round(tf.mul(p, 255)).dataSync());
  });
}
