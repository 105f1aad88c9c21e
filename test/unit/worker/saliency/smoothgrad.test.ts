/**
 * SmoothGrad draws independent, seeded noise per image (issue 15, item 7): image i's map depends on
 * (seed, i) only, never on the batch size, and two identical images get different noise, so maps fed
 * to a paired test over images are independent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { noiseSeed } from '../../../../src/worker/saliency/smoothgrad.ts';
import { DEFAULT_SALIENCY_OPTIONS, type SaliencyOptions } from '../../../../src/shared/saliency.ts';
import { noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { cnnModel } from '../../../helpers/tiny-models.ts';

const options: SaliencyOptions = { ...DEFAULT_SALIENCY_OPTIONS, samples: 3, noiseLevel: 0.3, inner: 'gradient' };
const SHAPE = [10, 10, 3];
const PER = 10 * 10 * 3;

test('image i has the same SmoothGrad map in batches of 1 and of 8, and alone when told its index', async () => {
  await useBackend('cpu');
  const model = cnnModel(true);
  const adapter = layersModelAdapter(model);
  const x = seededArray(8 * PER, 41, 0, 1);
  const req = { method: 'smoothgrad' as const, options, target: 1 };
  const [ones, eights] = await noLeak(() => [explain(adapter, x, [8, ...SHAPE], { ...req, batchSize: 1 }), explain(adapter, x, [8, ...SHAPE], { ...req, batchSize: 8 })]);
  assert.deepEqual(ones.map, eights.map, 'batch of 1 vs batch of 8');
  const alone = await noLeak(() => explain(adapter, x.slice(5 * PER, 6 * PER), [1, ...SHAPE], { ...req, firstIndex: 5 }));
  assert.deepEqual(alone.map, eights.map.slice(5 * PER, 6 * PER), 'image 5 alone, told it is image 5');
  model.dispose();
});

test('two identical images draw different noise: their SmoothGrad maps differ (and repeat run to run)', async () => {
  await useBackend('cpu');
  const model = cnnModel(true);
  const adapter = layersModelAdapter(model);
  const one = seededArray(PER, 7, 0, 1);
  const x = new Float32Array(2 * PER);
  x.set(one, 0);
  x.set(one, PER);
  const req = { method: 'smoothgrad' as const, options, target: 1 };
  const r = await noLeak(() => explain(adapter, x, [2, ...SHAPE], req));
  const a = r.map.slice(0, PER);
  const b = r.map.slice(PER);
  assert.ok(a.some((v, i) => v !== b[i]), 'identical images must not share noise');
  // The plain gradient of the two is the same: the difference is the noise alone.
  const g = explain(adapter, x, [2, ...SHAPE], { method: 'gradient', options, target: 1 });
  assert.deepEqual(g.map.slice(0, PER), g.map.slice(PER));
  const again = explain(adapter, x, [2, ...SHAPE], req);
  assert.deepEqual(again.map, r.map, 'seeded: the same request gives the same maps');
  const otherSeed = explain(adapter, x, [2, ...SHAPE], { ...req, options: { ...options, seed: 2 } });
  assert.ok(otherSeed.map.some((v, i) => v !== r.map[i]), 'another seed, other noise');
  model.dispose();
});

test('noise seeds: distinct over images, copies and seeds (no seed·k + copy collisions)', () => {
  const seen = new Set<number>();
  for (let seed = 1; seed <= 3; seed++) for (let image = 0; image < 200; image++) for (let copy = 0; copy < 50; copy++) seen.add(noiseSeed(seed, image, copy));
  assert.equal(seen.size, 3 * 200 * 50);
});
