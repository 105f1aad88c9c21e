/**
 * TF.js model folders the lab must refuse at load (issue 16): non-finite weights (LayersModel and
 * GraphModel, naming the weight and so its layer or node), a GraphModel op TF.js cannot run (naming the
 * node and the op, not a raw "Unknown op" thrown later from inside a map), and a manifest entry without a
 * shape. One line each, naming model.json; no tensors left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../../../../src/shared/result.ts';
import { loadGraphModelFromDisk } from '../../../../src/worker/engine/graph-model.ts';
import { loadLayersModelFromDisk, saveLayersModelToDisk } from '../../../../src/worker/engine/model-io.ts';
import { tf, tfl } from '../../../../src/worker/engine/tf.ts';
import { loadModel } from '../../../../src/worker/models/load-model.ts';
import { noLeak, useBackend } from '../../../helpers/engine.ts';
import { writeGraphModel } from '../../../helpers/keras-files.ts';

const base = mkdtempSync(join(tmpdir(), 'sbl-weights-refuse-'));

async function refusal(load: () => Promise<unknown>, modelJson: string): Promise<string> {
  await useBackend('cpu');
  let error: unknown = null;
  await noLeak(async () => {
    try {
      await load();
    } catch (e) {
      error = e;
    }
  });
  if (error === null) assert.fail(`${modelJson} loaded`);
  assert.ok(error instanceof LabError, String(error));
  const message = (error as LabError).message;
  assert.ok(message.startsWith(`${modelJson}: `), message);
  assert.ok(!message.includes('\n'), `one line: ${message}`);
  return message;
}

for (const [what, value] of [['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]] as const) {
  test(`a LayersModel with ${what} in a weight is refused at load, naming the weight`, async () => {
    await useBackend('cpu');
    const dir = join(base, `layers-${what}`);
    await noLeak(async () => {
      const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, name: 'dense_a' }), tfl.layers.dense({ units: 2, name: 'dense_b' })] });
      const values = [tf.tensor2d([1, 2, value, 4], [2, 2]), tf.zeros([2])];
      m.getLayer('dense_b').setWeights(values); // copies into the layer's variables
      tf.dispose(values);
      await saveLayersModelToDisk(m, dir);
      m.dispose();
    });
    const json = join(dir, 'model.json');
    assert.match(await refusal(() => loadLayersModelFromDisk(dir).then((m) => m.dispose()), json), new RegExp(`: weight "dense_b/kernel" holds ${what} \\(value 3 of 4\\); non-finite weights are refused$`));
  });
}

test('a GraphModel with NaN in a weight is refused at load, naming the weight (its node)', async () => {
  const { dir, twin } = writeGraphModel(join(base, 'graph-nan'));
  twin.dispose();
  const bin = join(dir, 'group1-shard1of1.bin');
  const bytes = readFileSync(bin);
  // w1 (108 floats), b1 (4), axes (2 int32), w2: the second value of w2.
  bytes.writeFloatLE(NaN, (108 + 4 + 2 + 1) * 4);
  writeFileSync(bin, bytes);
  const json = join(dir, 'model.json');
  assert.match(await refusal(() => loadGraphModelFromDisk(json).then((g) => g.model.dispose()), json), /: weight "w2" holds NaN \(value 2 of 12\); non-finite weights are refused$/);
});

test('a GraphModel op TF.js cannot run is refused at load, naming the node and the op', async () => {
  const { dir, twin } = writeGraphModel(join(base, 'graph-op'));
  twin.dispose();
  const json = join(dir, 'model.json');
  const model = JSON.parse(readFileSync(json, 'utf8'));
  model.modelTopology.node.find((n: { name: string }) => n.name === 'gap').op = 'FancyMean';
  writeFileSync(json, JSON.stringify(model));
  assert.match(await refusal(() => loadModel({ kind: 'graph', path: json }).then((l) => l.adapter.dispose?.()), json), /: node "gap" uses op "FancyMean", which TF.js cannot run$/);
});

test('a GraphModel manifest entry without a shape is refused in one line', async () => {
  const { dir, twin } = writeGraphModel(join(base, 'graph-shape'));
  twin.dispose();
  const json = join(dir, 'model.json');
  const model = JSON.parse(readFileSync(json, 'utf8'));
  delete model.weightsManifest[0].weights[1].shape;
  writeFileSync(json, JSON.stringify(model));
  assert.match(await refusal(() => loadGraphModelFromDisk(json).then((g) => g.model.dispose()), json), /: weightsManifest entry "b1" needs an integer shape$/);
});

test('the untouched GraphModel still loads and reports its output size (control)', async () => {
  await useBackend('cpu');
  const { dir, twin } = writeGraphModel(join(base, 'graph-good'));
  twin.dispose();
  await noLeak(async () => {
    const loaded = await loadGraphModelFromDisk(join(dir, 'model.json'));
    assert.equal(loaded.outputCount, 3);
    assert.deepEqual(loaded.inputShape, [6, 6, 3]);
    loaded.model.dispose();
  });
});

test('a manifest naming one shard twice, or declaring more weights than a model may hold, is refused before the shards are read', async () => {
  await useBackend('cpu');
  const dir = join(base, 'layers-shards');
  await noLeak(async () => {
    const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, name: 'dense_a' })] });
    await saveLayersModelToDisk(m, dir);
    m.dispose();
  });
  const modelJson = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(modelJson, 'utf8'));
  const group = json.weightsManifest[0];
  writeFileSync(modelJson, JSON.stringify({ ...json, weightsManifest: [{ ...group, paths: [...group.paths, ...group.paths] }] }));
  assert.match(await refusal(() => loadLayersModelFromDisk(modelJson), modelJson), /weight file "weights\.bin" is named twice$/);
  const huge = group.weights.map((w: { shape: number[] }, i: number) => (i === 0 ? { ...w, shape: [65_536, 65_536] } : w));
  writeFileSync(modelJson, JSON.stringify({ ...json, weightsManifest: [{ ...group, weights: huge }] }));
  assert.match(await refusal(() => loadLayersModelFromDisk(modelJson), modelJson), /declares \d+ bytes of weights, more than the 2147483648 a model may hold$/);
});
