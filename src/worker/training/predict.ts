/** Predicted class of every image of a dataset, batched, forward only. */
import { tf } from '../engine/tf.ts';
import type { LayersModel, Tensor } from '../engine/tf.ts';
import { type LoadedDataset, toUnitFloat } from '../data/dataset-files.ts';

export function predictAll(model: LayersModel, data: LoadedDataset, batch: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < data.items.length; s += batch) {
    const idx = Array.from({ length: Math.min(batch, data.items.length - s) }, (_, k) => s + k);
    const classes = tf.tidy(() => tf.argMax(model.predict(tf.tensor4d(toUnitFloat(data.pixels, idx, data.size), [idx.length, data.size, data.size, 3])) as Tensor, 1).dataSync());
    out.push(...Array.from(classes));
  }
  return out;
}
