/**
 * Issue 15, item 3: the original (Keras-1-named) ResNet50 file has been run on two graphs, with and
 * without `pool1_pad` before the stem's 3×3/2 max-pool. The lab offers both (default: padded), and
 * every run and inspection records which one it built; a tf.keras file has only the padded one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../../../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { forwardScores } from '../../../../src/worker/engine/modified-backprop.ts';
import { readKerasH5 } from '../../../../src/worker/models/keras-h5.ts';
import { loadModel } from '../../../../src/worker/models/load-model.ts';
import { resnetFromKerasFile } from '../../../../src/worker/models/resnet-v1.ts';
import { KERAS_GRAPHS } from '../../../../src/shared/models.ts';
import { Resnet50ExperimentConfigSchema } from '../../../../src/shared/experiments/resnet50.ts';
import { LAB_CALL_SCHEMAS } from '../../../../src/shared/schemas/lab-api.ts';
import { noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { writeKerasResnetH5 } from '../../../helpers/keras-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'sbl-graph-'));
const keras1 = join(dir, 'keras1.h5');
const tfkeras = join(dir, 'tfkeras.h5');
const ready = Promise.all([writeKerasResnetH5(keras1, { naming: 'keras1' }), writeKerasResnetH5(tfkeras, { naming: 'tf.keras' })]);

test('at 224 × 224 the Keras 1 file gives 56 × 56 after the stem pool with pool1_pad (the default) and 55 × 55 without; the inspection says which', async () => {
  await useBackend('cpu');
  await ready;
  const seen: Record<string, number | undefined> = {};
  for (const graph of [undefined, ...KERAS_GRAPHS]) {
    const loaded = await loadModel({ kind: 'keras-h5', path: keras1, ...(graph ? { kerasGraph: graph } : {}) }, 224);
    const { inspection } = loaded;
    loaded.adapter.dispose?.();
    assert.equal(inspection.kerasGraph, graph ?? 'pool1-pad', 'the default is the padded graph');
    seen[graph ?? 'default'] = inspection.pooledSide;
    assert.ok(inspection.notes.some((n) => n.includes(`${inspection.pooledSide}×${inspection.pooledSide} after the stem max-pool`)), inspection.notes.join(' | '));
  }
  assert.deepEqual(seen, { default: 56, 'pool1-pad': 56, 'no-pool1-pad': 55 });
});

test('the two graphs are two networks: the unpadded one has no pool1_pad layer and other logits', async () => {
  await useBackend('cpu');
  await ready;
  const file = await readKerasH5(keras1);
  const x = seededArray(32 * 32 * 3, 4, -100, 150);
  const logits: Record<string, Float32Array> = {};
  await noLeak(() => {
    for (const graph of KERAS_GRAPHS) {
      const { model, pooledSide } = resnetFromKerasFile(file, 32, graph);
      assert.equal(model.layers.some((l) => l.name === 'pool1_pad'), graph === 'pool1-pad');
      assert.equal(pooledSide, graph === 'pool1-pad' ? 8 : 7);
      const adapter = layersModelAdapter(model);
      const t = tf.tensor4d(x, [1, 32, 32, 3]);
      const y = forwardScores(adapter, t);
      logits[graph] = y.dataSync() as Float32Array;
      tf.dispose([t, y]);
      adapter.dispose?.(); // and the model with it
    }
  });
  assert.ok(logits['pool1-pad'].every(Number.isFinite) && logits['no-pool1-pad'].every(Number.isFinite));
  assert.ok(logits['pool1-pad'].some((v, i) => Math.abs(v - logits['no-pool1-pad'][i]) > 1e-3), 'the graphs give different logits');
});

test('a tf.keras file has only the padded graph: asking for the other is refused in one line', async () => {
  await useBackend('cpu');
  await ready;
  const before = tf.memory().numTensors;
  await assert.rejects(loadModel({ kind: 'keras-h5', path: tfkeras, kerasGraph: 'no-pool1-pad' }, 32), (e: Error) => {
    assert.match(e.message, /tfkeras\.h5: a tf\.keras applications file \(conv1_conv, …\) was built with pool1_pad only/);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
  assert.equal(tf.memory().numTensors, before);
  const ok = await loadModel({ kind: 'keras-h5', path: tfkeras }, 32);
  assert.equal(ok.inspection.kerasGraph, 'pool1-pad');
  ok.adapter.dispose?.();
});

test('a graph choice for a TF.js model is refused, not ignored', async () => {
  for (const kind of ['layers', 'graph'] as const) {
    await assert.rejects(loadModel({ kind, path: join(dir, 'model.json'), kerasGraph: 'no-pool1-pad' }), /model\.json: a graph choice \(no-pool1-pad\) applies to Keras ResNet \.h5 files only, not to a TF\.js (LayersModel|GraphModel)$/);
  }
});

test('the choice is part of the contract: experiment config and model import take it, and nothing else', () => {
  assert.equal(Resnet50ExperimentConfigSchema.parse({ kerasGraph: 'no-pool1-pad' }).kerasGraph, 'no-pool1-pad');
  assert.equal(Resnet50ExperimentConfigSchema.parse({}).kerasGraph, undefined, 'absent: the cached model’s choice, else pool1-pad');
  const bad = Resnet50ExperimentConfigSchema.safeParse({ kerasGraph: 'padded' });
  assert.equal(bad.error?.issues[0].message, 'expected pool1-pad or no-pool1-pad, got "padded"');
  assert.equal(LAB_CALL_SCHEMAS.importModel.safeParse({ source: 'x.h5', kerasGraph: 'no-pool1-pad' }).success, true);
  assert.equal(LAB_CALL_SCHEMAS.importModel.safeParse({ source: 'x.h5', kerasGraph: 'yes' }).success, false);
});
