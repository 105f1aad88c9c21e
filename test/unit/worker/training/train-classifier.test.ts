/** Training in-process on tiny data: learns, checkpoints, resumes, and leaves no tensors behind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayersModel } from '../../../../src/worker/engine/tf.ts';
import { trainClassifier } from '../../../../src/worker/training/train-classifier.ts';
import { predictAll } from '../../../../src/worker/training/predict.ts';
import { generateBackground } from '../../../../src/worker/data/backgrounds.ts';
import { drawBox, pasteBox } from '../../../../src/worker/data/black-box.ts';
import { makeRng } from '../../../../src/worker/data/prng.ts';
import type { LoadedDataset } from '../../../../src/worker/data/dataset-files.ts';
import type { DatasetItem } from '../../../../src/shared/dataset.ts';
import { DEFAULT_TRAIN_CONFIG, type TrainEvent } from '../../../../src/shared/run.ts';
import type { LabError } from '../../../../src/shared/result.ts';
import { noLeak, useBackend } from '../../../helpers/engine.ts';

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

const weightBytes = (model: LayersModel): Buffer[] => model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).slice().buffer));

test('a training run leaves tf.memory().numTensors where it found it', async () => {
  await useBackend('wasm');
  const data = tinyDataset(40, 16);
  const runDir = mkdtempSync(join(tmpdir(), 'sbl-train-'));
  const config = { ...DEFAULT_TRAIN_CONFIG, datasetId: 'x', epochs: 2, batchSize: 8 };
  const events: TrainEvent[] = [];
  await noLeak(async () => {
    const first = await trainClassifier(data, config, runDir, false, (e) => events.push(e), () => false);
    assert.equal(predictAll(first.model, data, 16).length, 40);
    first.model.dispose();
  });
  assert.deepEqual(events.filter((e) => e.type === 'epoch').map((e) => e.epoch), [1, 2]);
  // A resumed run (model and optimizer state read back) leaves nothing behind either.
  await noLeak(async () => {
    const more = await trainClassifier(data, { ...config, epochs: 3 }, runDir, true, () => {}, () => false);
    assert.equal(more.resumedFrom, 2);
    more.model.dispose();
  });
});

test('resumes exactly: cancelled in epoch 4 and resumed, the weights equal a straight run bit for bit', async () => {
  await useBackend('wasm');
  const data = tinyDataset(40, 16);
  // 32 training images in batches of 4: 8 Adam steps an epoch, so the checkpoint of epoch 3 holds
  // step 24, where TF.js's own Adam.setWeights (β^(t+1) by pow) and the running product β·β·… of an
  // uninterrupted run differ in the last bit of float32: the optimizer state must come back as it was.
  const config = { ...DEFAULT_TRAIN_CONFIG, datasetId: 'x', epochs: 5, batchSize: 4 };
  await noLeak(async () => {
    const straightEvents: TrainEvent[] = [];
    const straight = await trainClassifier(data, config, mkdtempSync(join(tmpdir(), 'sbl-straight-')), false, (e) => straightEvents.push(e), () => false);

    const runDir = mkdtempSync(join(tmpdir(), 'sbl-resumed-'));
    let checks = 0;
    // Cancelled before the 4th batch of epoch 4 (3 epochs × 8 batches, then 3 more).
    await assert.rejects(
      trainClassifier(data, config, runDir, false, () => {}, () => ++checks > 27),
      (e: LabError) => e.kind === 'cancelled' && /in epoch 4/.test(e.message),
    );
    const resumedEvents: TrainEvent[] = [];
    const resumed = await trainClassifier(data, config, runDir, true, (e) => resumedEvents.push(e), () => false);
    assert.equal(resumed.resumedFrom, 3);

    const a = weightBytes(straight.model);
    const b = weightBytes(resumed.model);
    assert.equal(b.length, a.length);
    const differing = a.map((w, i) => (w.equals(b[i]) ? null : straight.model.weights[i].name)).filter((n) => n !== null);
    assert.deepEqual(differing, [], 'weights of the resumed run that differ from the straight run');
    // The epochs after the resume report what the straight run reported for them.
    const epochs = (ev: TrainEvent[]) => ev.filter((e) => e.type === 'epoch' && e.epoch > 3).map((e) => (e.type === 'epoch' ? [e.epoch, e.loss, e.accuracy, e.valLoss, e.valAccuracy, e.testLoss, e.testAccuracy] : []));
    assert.deepEqual(epochs(resumedEvents), epochs(straightEvents));
    assert.equal(resumed.testAccuracy, straight.testAccuracy);
    straight.model.dispose();
    resumed.model.dispose();
  });
});
