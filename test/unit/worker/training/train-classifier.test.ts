/** Training in-process on tiny data: learns, checkpoints, resumes, and leaves no tensors behind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../../../src/worker/engine/tf.ts';
import { trainClassifier } from '../../../../src/worker/training/train-classifier.ts';
import { predictAll } from '../../../../src/worker/training/predict.ts';
import { generateBackground } from '../../../../src/worker/data/backgrounds.ts';
import { drawBox, pasteBox } from '../../../../src/worker/data/black-box.ts';
import { makeRng } from '../../../../src/worker/data/prng.ts';
import type { LoadedDataset } from '../../../../src/worker/data/dataset-files.ts';
import type { DatasetItem } from '../../../../src/shared/dataset.ts';
import { DEFAULT_TRAIN_CONFIG, type TrainEvent } from '../../../../src/shared/run.ts';
import { useBackend } from '../../../helpers/engine.ts';

function tinyDataset(n: number, size: number): LoadedDataset {
  const pixels = new Uint8Array(n * size * size * 3);
  const items: DatasetItem[] = [];
  for (let i = 0; i < n; i++) {
    const img = generateBackground(size, i + 1);
    const box = i % 2 === 0 ? drawBox(size, 0.2, 0.3, makeRng(i)) : null;
    if (box) pasteBox(img, size, box);
    pixels.set(img, i * size * size * 3);
    items.push({ label: box ? 1 : 0, box, origin: `t${i}` });
  }
  return { size, items, pixels };
}

test('a training run leaves tf.memory().numTensors where it found it, and resumes exactly', async () => {
  await useBackend('wasm');
  const data = tinyDataset(40, 16);
  const runDir = mkdtempSync(join(tmpdir(), 'sbl-train-'));
  const config = { ...DEFAULT_TRAIN_CONFIG, datasetId: 'x', epochs: 2, batchSize: 8 };
  const before = tf.memory().numTensors;
  const events: TrainEvent[] = [];
  const first = await trainClassifier(data, config, runDir, false, (e) => events.push(e), () => false);
  const predictions = predictAll(first.model, data, 16);
  assert.equal(predictions.length, 40);
  first.model.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensor leak across two epochs of training');
  assert.deepEqual(events.filter((e) => e.type === 'epoch').map((e) => e.epoch), [1, 2]);

  const more = await trainClassifier(data, { ...config, epochs: 3 }, runDir, true, () => {}, () => false);
  assert.equal(more.resumedFrom, 2);
  more.model.dispose();
  assert.equal(tf.memory().numTensors, before);
});
