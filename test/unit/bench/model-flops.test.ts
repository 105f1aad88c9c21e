/**
 * The FLOP count behind every engine bench line's `gflops` and `ceilingFraction` (issue 20): a hand-counted
 * model with each counted layer kind, and ResNet50's forward pass against its published 3.86 G multiply-adds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tfl } from '../../../src/worker/engine/tf.ts';
import { buildResnetV1, RESNET50_SPEC } from '../../../src/worker/models/resnet-v1.ts';
import { modelFlops } from '../../../bench/flops.ts';
import { noLeak, useBackend } from '../../helpers/engine.ts';

test('convs, transposed convs and dense layers are counted at 2 FLOPs per multiply-add; the rest is not', async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [16, 16, 3], filters: 8, kernelSize: 3, padding: 'same' }),
        tfl.layers.batchNormalization(),
        tfl.layers.reLU(),
        tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 10 }),
      ],
    });
    const first = 2 * 9 * 3 * 8 * 16 * 16; // 110,592
    const transposed = 2 * 4 * 8 * 4 * 16 * 16; // each of 16² inputs scatters 2×2 taps × 4 outputs × 8 inputs
    const dense = 2 * 32 * 32 * 4 * 10;
    const f = modelFlops(model);
    assert.equal(f.forward, first + transposed + dense);
    assert.equal(f.inputGradient, 2 * f.forward);
    assert.equal(f.trainStep, 3 * f.forward - first, 'no gradient of the images in a training step');
    model.dispose();
  });
});

test("ResNet50's forward pass is 2 × 3.86 G multiply-adds at 224²", async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const model = buildResnetV1(RESNET50_SPEC);
    const gflop = modelFlops(model).forward / 1e9;
    // Published: 3.86 GMACs for Keras' ResNet50 (convs and the final dense layer).
    assert.ok(Math.abs(gflop - 7.72) < 0.05, `got ${gflop.toFixed(3)} GFLOP`);
    model.dispose();
  });
});
