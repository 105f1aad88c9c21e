/**
 * Keras .h5 weights into the engine's ResNet v1 (issue 9), on tiny nets the test writes itself in both
 * generations of Keras layer names, and the bad inputs: each refused with one line naming the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../../../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { forwardScores } from '../../../../src/worker/engine/modified-backprop.ts';
import { readKerasH5 } from '../../../../src/worker/models/keras-h5.ts';
import { RESNET50_SPEC, buildResnetV1, describeSpec, resnetFromKerasFile } from '../../../../src/worker/models/resnet-v1.ts';
import { loadModel } from '../../../../src/worker/models/load-model.ts';
import { assertClose, noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { TINY_RESNET, tinyResnet, writeKerasH5, writeOtherArchitectureH5, writePlainH5 } from '../../../helpers/keras-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'sbl-keras-'));
const SIZE = 32;

/** The model's logits for x; disposes the model (with its adapter's folded batch-norm weights). */
function logits(model: ReturnType<typeof tinyResnet>, x: Float32Array): Float32Array {
  const adapter = layersModelAdapter(model);
  const t = tf.tensor4d(x, [2, SIZE, SIZE, 3]);
  const y = forwardScores(adapter, t);
  const out = y.dataSync() as Float32Array;
  tf.dispose([t, y]);
  adapter.dispose?.();
  return out;
}

for (const naming of ['tf.keras', 'keras1'] as const) {
  test(`a tiny ResNet saved with ${naming} names loads back with identical logits`, async () => {
    await useBackend('cpu');
    // Keras 1 files run with batch norm ε 1e-3 (what the Keras 1 resnet50.py used with them).
    const source = tinyResnet({ ...TINY_RESNET, epsilon: naming === 'keras1' ? 1e-3 : 1.001e-5 }, SIZE);
    const path = join(dir, `tiny-${naming}.h5`);
    await writeKerasH5(source, path, { naming });
    const file = await readKerasH5(path);
    assert.equal(file.layers.length, source.layers.filter((l) => l.weights.length > 0).length);
    const x = seededArray(2 * SIZE * SIZE * 3, 9, -100, 150);
    const want = logits(source, x);
    await noLeak(() => {
      const { model, spec, naming: found } = resnetFromKerasFile(file, SIZE);
      assert.equal(found, naming);
      assert.deepEqual(spec.stages, TINY_RESNET.stages);
      assert.equal(spec.classes, 5);
      assertClose(logits(model, x), want, 1e-4, `${naming} logits`);
    });
  });
}

test('loadModel says what it found: architecture, naming, and nothing it cannot honour', async () => {
  await useBackend('cpu');
  const source = tinyResnet();
  const path = join(dir, 'inspect.h5');
  await writeKerasH5(source, path);
  source.dispose();
  const loaded = await loadModel({ kind: 'keras-h5', path }, SIZE);
  assert.equal(loaded.inspection.kerasNaming, 'tf.keras');
  assert.equal(loaded.inspection.outputCount, 5);
  assert.deepEqual(loaded.inspection.inputShape, [SIZE, SIZE, 3]);
  assert.match(loaded.inspection.architecture, /ResNet v1 \(stem 8, blocks \[2,1\]/);
  assert.deepEqual(loaded.notHonoured({ paddingTrick: true }), []);
  loaded.adapter.dispose?.();
  assert.equal(describeSpec(RESNET50_SPEC), 'ResNet50');
});

test('the full ResNet50 builder has the 107 weighted layers of the Keras file (no weights loaded)', async () => {
  await useBackend('cpu');
  const m = buildResnetV1(RESNET50_SPEC, 64);
  assert.equal(m.layers.filter((l) => l.weights.length > 0).length, 107);
  assert.equal(m.countParams(), 25_636_712); // keras.applications.ResNet50().count_params()
  m.dispose();
});

const BAD: Array<[string, (p: string) => Promise<void>, RegExp]> = [
  ['a text file', async (p) => writeFileSync(p, 'hello, not HDF5\n'.repeat(80)), /: not an HDF5 file \(no HDF5 signature\); expected Keras \.h5 weights$/],
  ['an HDF5 file without layer_names', writePlainH5, /: an HDF5 file but not Keras weights \(no layer_names attribute\)$/],
  ['a Keras file of another architecture', writeOtherArchitectureH5, /: not a Keras ResNet weight file: its layers \(dense_1, dense_2\) follow neither Keras ResNet naming/],
  [
    'a weight with the wrong shape',
    async (p) => {
      const m = tinyResnet();
      await writeKerasH5(m, p, { corrupt: { layer: 'conv2_block1_2_conv', index: 0, shape: [3, 3, 2, 4] } });
      m.dispose();
    },
    /: layer "conv2_block1_2_conv" weight "conv2_block1_2_conv\/kernel:0" has shape \[3,3,2,4\], the model needs \[3,3,4,4\]$/,
  ],
  [
    'a Keras 1 file with a wrong shape names the file layer and its place',
    async (p) => {
      const m = tinyResnet();
      await writeKerasH5(m, p, { naming: 'keras1', corrupt: { layer: 'conv3_block1_0_conv', index: 1, shape: [11] } });
      m.dispose();
    },
    /: layer "res3a_branch1" \(conv3_block1_0_conv\) weight "res3a_branch1_b:0" has shape \[11\], the model needs \[16\]$/,
  ],
];

for (const [what, write, message] of BAD) {
  test(`refused with one line naming the file: ${what}`, async () => {
    await useBackend('cpu');
    const path = join(dir, `${what.replace(/\W+/g, '-')}.h5`);
    await write(path);
    const before = tf.memory().numTensors;
    await assert.rejects(
      async () => {
        const file = await readKerasH5(path);
        resnetFromKerasFile(file, SIZE).model.dispose();
      },
      (e: Error) => {
        assert.ok(e.message.startsWith(path), e.message);
        assert.match(e.message, message);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      },
    );
    assert.equal(tf.memory().numTensors, before, 'a refused file leaves no tensors behind');
  });
}
