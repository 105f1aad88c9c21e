/**
 * Keras .h5 weights into the engine's ResNet v1 (issue 9), on tiny nets the test writes itself in both
 * generations of Keras layer names, from a layout written down from the Keras sources (not from the
 * builder: issue 15, item 3), and the bad inputs: each refused with one line naming the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../../../src/worker/engine/tf.ts';
import { readKerasH5 } from '../../../../src/worker/models/keras-h5.ts';
import { RESNET50_SPEC, buildResnetV1, describeSpec, resnetFromKerasFile } from '../../../../src/worker/models/resnet-v1.ts';
import { loadModel } from '../../../../src/worker/models/load-model.ts';
import { assertClose, noLeak, useBackend } from '../../../helpers/engine.ts';
import { TINY_RESNET, writeKerasResnetH5, writeOtherArchitectureH5, writePlainH5 } from '../../../helpers/keras-files.ts';
import { kerasResnetLayout } from '../../../helpers/keras-resnet-layout.ts';

const dir = mkdtempSync(join(tmpdir(), 'sbl-keras-'));
const SIZE = 32;

for (const naming of ['tf.keras', 'keras1'] as const) {
  test(`a tiny ResNet file in the ${naming} layout (written from the Keras sources' description) loads with every weight in its place`, async () => {
    await useBackend('cpu');
    const path = join(dir, `tiny-${naming}.h5`);
    const written = await writeKerasResnetH5(path, { naming });
    const file = await readKerasH5(path);
    assert.deepEqual(file.layerNames, kerasResnetLayout(TINY_RESNET, naming).map((l) => l.name));
    assert.equal(file.layers.length, written.length);
    await noLeak(() => {
      const { model, spec, naming: found } = resnetFromKerasFile(file, SIZE);
      assert.equal(found, naming);
      assert.deepEqual(spec.stages, TINY_RESNET.stages);
      assert.equal(spec.classes, 5);
      // Keras 1 files run with batch norm ε 1e-3 (what the Keras 1 resnet50.py used with them).
      assert.equal(spec.epsilon, naming === 'keras1' ? 1e-3 : 1.001e-5);
      assert.equal(model.layers.filter((l) => l.weights.length > 0).length, written.length, 'every weighted layer of the model is in the file');
      for (const layer of written) {
        const values = model.getLayer(layer.role!).getWeights();
        assert.equal(values.length, layer.data.length, layer.name);
        // getWeights hands out the variables' own tensors: read, not disposed.
        values.forEach((v, i) => assertClose(v.dataSync() as Float32Array, layer.data[i], 0, `${layer.name} → ${layer.role} weight ${i}`));
      }
      model.dispose();
    });
  });
}

test('loadModel says what it found: architecture, naming, and nothing it cannot honour', async () => {
  await useBackend('cpu');
  const path = join(dir, 'inspect.h5');
  await writeKerasResnetH5(path);
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
  // The layout the Keras sources describe, weight by weight: a builder that drifted from it fails here.
  for (const naming of ['tf.keras', 'keras1'] as const) {
    for (const layer of kerasResnetLayout(RESNET50_SPEC, naming).filter((l) => l.weights.length > 0)) {
      assert.deepEqual(m.getLayer(layer.role!).weights.map((w) => w.shape), layer.weights.map((w) => w.shape), `${naming} ${layer.name}`);
    }
  }
  m.dispose();
});

const BAD: Array<[string, (p: string) => Promise<void>, RegExp]> = [
  ['a text file', async (p) => writeFileSync(p, 'hello, not HDF5\n'.repeat(80)), /: not an HDF5 file \(no HDF5 signature\); expected Keras \.h5 weights$/],
  ['an HDF5 file without layer_names', writePlainH5, /: an HDF5 file but not Keras weights \(no layer_names attribute\)$/],
  ['a Keras file of another architecture', writeOtherArchitectureH5, /: not a Keras ResNet weight file: its layers \(dense_1, dense_2\) follow neither Keras ResNet naming/],
  [
    'a weight with the wrong shape',
    (p) => writeKerasResnetH5(p, { corrupt: { layer: 'conv2_block1_2_conv', index: 0, shape: [3, 3, 2, 4] } }).then(() => {}),
    /: layer "conv2_block1_2_conv" weight "conv2_block1_2_conv\/kernel:0" has shape \[3,3,2,4\], the model needs \[3,3,4,4\]$/,
  ],
  [
    'a Keras 1 file with a wrong shape names the file layer and its place',
    (p) => writeKerasResnetH5(p, { naming: 'keras1', corrupt: { layer: 'res3a_branch1', index: 1, shape: [11] } }).then(() => {}),
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
