/**
 * Issue 7: a cancelled long job must not hold the only worker. A real worker thread (pool of one) runs
 * IG and SmoothGrad jobs far longer than the test; each is cancelled at its first progress event, must
 * end 'cancelled' having done only part of its steps, and the next call on the same worker must run.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../src/main/host/worker-pool.ts';
import { encodeNpy } from '../../src/shared/npy.ts';
import { DEFAULT_SALIENCY_OPTIONS, type MethodId, type SaliencyOptions } from '../../src/shared/saliency.ts';
import type { ProgressEvent } from '../../src/shared/worker-protocol.ts';
import { saveLayersModelToDisk } from '../../src/worker/engine/model-io.ts';
import { noLeak, seededArray, useBackend } from '../helpers/engine.ts';
import { cnnModel } from '../helpers/tiny-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'sbl-cancel-'));
const modelPath = join(dir, 'model', 'model.json');
const inputPath = join(dir, 'x.npy');
const pool = new WorkerPool(1, 'cpu');

before(async () => {
  await useBackend('cpu');
  await noLeak(async () => {
    const model = cnnModel(true);
    await saveLayersModelToDisk(model, join(dir, 'model'));
    model.dispose();
  });
  writeFileSync(inputPath, encodeNpy(seededArray(4 * 300, 9, 0, 1), [4, 10, 10, 3]));
});
after(() => pool.close());

// The 4 images are one batch, so stopping before `total` means the cancel was seen inside the batch's
// loop (between IG chunks or SmoothGrad copies), not between batches. Uncancelled, each takes seconds.
const long: Array<{ method: MethodId; options: Partial<SaliencyOptions> }> = [
  { method: 'integrated-gradients', options: { steps: 1000 } },
  { method: 'smoothgrad', options: { samples: 1000, inner: 'gradient' } },
];

for (const job of long) {
  test(`a cancelled ${job.method} job ends 'cancelled' part way, and the single worker takes the next call`, async () => {
    const ac = new AbortController();
    const events: ProgressEvent[] = [];
    const r = await pool.call(
      'saliencyFromFiles',
      { modelPath, inputPath, method: job.method, options: { ...DEFAULT_SALIENCY_OPTIONS, ...job.options }, target: 1 },
      {
        signal: ac.signal,
        onEvent: (e) => {
          events.push(e);
          ac.abort();
        },
      },
    );
    assert.equal(r.ok, false, 'the job was cancelled');
    assert.equal(r.ok ? '' : r.error.kind, 'cancelled', r.ok ? '' : r.error.message);
    assert.ok(events.length > 0, 'it reported progress before the cancel');
    const last = events.at(-1)!;
    assert.ok(last.done < last.total, `stopped after ${last.done} of ${last.total} steps`);

    const next = await pool.call('saliencyFromFiles', { modelPath, inputPath, method: 'gradient', options: DEFAULT_SALIENCY_OPTIONS, target: 1 });
    assert.ok(next.ok, next.ok ? '' : next.error.message);
    assert.deepEqual(next.value.shape, [4, 10, 10, 3]);
  });
}
