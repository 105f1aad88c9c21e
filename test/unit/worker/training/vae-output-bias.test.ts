/**
 * Issue 16: a long-lived worker builds many VAEs. TF.js uniquifies the variable names of a second model
 * built in the same thread (`dec_out/bias_1`), so the output bias must be found by its layer, not by name:
 * the second and third VAE of one process get their bias set exactly like the first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVae } from '../../../../src/worker/models/vae.ts';
import { VAE_PRESETS } from '../../../../src/shared/faces.ts';
import { initOutputBias } from '../../../../src/worker/training/train-vae.ts';
import type { LoadedFaces } from '../../../../src/worker/data/faces/face-dataset-files.ts';
import { noLeak, useBackend } from '../../../helpers/engine.ts';

test('the decoder output bias is set on the 1st, 2nd and 3rd VAE built in one process', async () => {
  await useBackend('cpu');
  const size = 32;
  const count = 4;
  // Every pixel (R, G, B) = (51, 102, 204): the bias is the logit of each channel's mean, 0.2 / 0.4 / 0.8.
  const pixels = new Uint8Array(count * size * size * 3).map((_, i) => [51, 102, 204][i % 3]);
  const data: LoadedFaces = { size, items: [], pixels, masks: new Uint8Array(count * size * size) };
  const expected = [0.2, 0.4, 0.8].map((m) => Math.log(m / (1 - m)));
  const names: string[] = [];
  for (let k = 0; k < 3; k++) {
    const vae = buildVae({ ...VAE_PRESETS.cpu, size, latent: 4 }, k + 1);
    await noLeak(() => initOutputBias(vae, data, [0, 1, 2, 3]));
    const out = vae.decoder.getLayer('dec_out');
    const bias = out.getWeights()[1];
    names.push(out.weights[1].name);
    Array.from(bias.dataSync()).forEach((v, c) => assert.ok(Math.abs(v - expected[c]) < 1e-5, `VAE ${k + 1}, channel ${c}: ${v}`));
    vae.encoder.dispose();
    vae.decoder.dispose();
  }
  // The names really were uniquified (what broke the name-suffix lookup).
  assert.notEqual(names[1], names[0]);
});
