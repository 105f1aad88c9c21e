/**
 * Cancel reaches inside long loops (issue 7): IG path points, SmoothGrad copies (also around an inner
 * IG), and batches stop at the next check, throw 'cancelled', and leave no tensors behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { explain, explainSteps } from '../../../../src/worker/saliency/explain.ts';
import { DEFAULT_SALIENCY_OPTIONS, type MethodId, type SaliencyOptions } from '../../../../src/shared/saliency.ts';
import { LabError } from '../../../../src/shared/result.ts';
import { noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { cnnModel } from '../../../helpers/tiny-models.ts';

const cases: Array<{ name: string; method: MethodId; options: Partial<SaliencyOptions>; n: number; batchSize?: number; stopAfter: number }> = [
  // One image, 400 path points in chunks of 32: the cancel lands between chunks of the same image.
  { name: 'integrated gradients, inside one sample', method: 'integrated-gradients', options: { steps: 400 }, n: 1, stopAfter: 2 },
  { name: 'smoothgrad, between copies', method: 'smoothgrad', options: { samples: 40, inner: 'gradient' }, n: 2, stopAfter: 3 },
  { name: 'smoothgrad around IG, inside the inner IG', method: 'smoothgrad', options: { samples: 5, inner: 'integrated-gradients', steps: 100 }, n: 1, stopAfter: 1 },
  { name: 'a plain method, between batches', method: 'rectgrad', options: {}, n: 12, batchSize: 2, stopAfter: 2 },
];

for (const c of cases) {
  test(`cancel: ${c.name} stops early, throws 'cancelled', leaks nothing`, async () => {
    await useBackend('cpu');
    const model = cnnModel(true);
    const adapter = layersModelAdapter(model);
    const shape = [c.n, ...adapter.inputShape];
    const x = seededArray(shape.reduce((a, b) => a * b, 1), 3, 0, 1);
    const options = { ...DEFAULT_SALIENCY_OPTIONS, ...c.options };
    const total = explainSteps(c.method, options, c.n);
    const events: Array<[number, number]> = [];
    let error: unknown;
    await noLeak(() => {
      try {
        explain(adapter, x, shape, {
          method: c.method,
          options,
          target: 1,
          batchSize: c.batchSize,
          onProgress: (done, t) => events.push([done, t]),
          isCancelled: () => events.length >= c.stopAfter,
        });
      } catch (e) {
        error = e;
      }
    });
    model.dispose();
    assert.ok(error instanceof LabError && error.kind === 'cancelled', `threw ${String(error)}`);
    assert.equal(events.length, c.stopAfter, 'no progress after the cancel was seen');
    assert.ok(events.every(([, t]) => t === total), `total is ${total} sample-steps`);
    const done = events.at(-1)![0];
    assert.ok(done > 0 && done < total, `stopped after ${done} of ${total} sample-steps`);
    assert.ok(events.every(([d], i) => i === 0 || d > events[i - 1][0]), 'progress only goes forward');
  });
}

test('progress of an uncancelled IG run counts every path point and ends at the total', async () => {
  await useBackend('cpu');
  const model = cnnModel(true);
  const adapter = layersModelAdapter(model);
  const options = { ...DEFAULT_SALIENCY_OPTIONS, steps: 70 };
  const events: number[] = [];
  await noLeak(() => explain(adapter, seededArray(2 * 300, 4, 0, 1), [2, 10, 10, 3], { method: 'integrated-gradients', options, target: 0, onProgress: (d) => events.push(d) }));
  model.dispose();
  // Chunks of 32 path points per sample: 32, 64, 70 for the first, then 102, 134, 140.
  assert.deepEqual(events, [32, 64, 70, 102, 134, 140]);
});
