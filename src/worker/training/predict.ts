/** Predicted class of every image of a dataset, batched, forward only; the logits too when `logitsOut` is given. */
import type { TrainPreprocessing } from '../../shared/run.ts';
import { tf } from '../engine/tf.ts';
import type { LayersModel, Tensor } from '../engine/tf.ts';
import type { LoadedDataset } from '../data/dataset-files.ts';
import { toModelInput } from './model-input.ts';

export function predictAll(model: LayersModel, data: LoadedDataset, batch: number, logitsOut?: number[][], preprocessing: TrainPreprocessing = 'unit'): number[] {
  const out: number[] = [];
  for (let s = 0; s < data.items.length; s += batch) {
    const idx = Array.from({ length: Math.min(batch, data.items.length - s) }, (_, k) => s + k);
    const logits = tf.tidy(() => model.predict(tf.tensor4d(toModelInput(data.pixels, idx, data.size, preprocessing), [idx.length, data.size, data.size, 3])) as Tensor);
    const classes = tf.argMax(logits, 1);
    out.push(...Array.from(classes.dataSync()));
    if (logitsOut) logitsOut.push(...(logits.arraySync() as number[][]).map((row) => row.map((v) => +v.toPrecision(5))));
    tf.dispose([logits, classes]);
  }
  return out;
}
