/**
 * A TF.js GraphModel (a hand-written tensorflowjs_converter model.json with a fused conv + ReLU) explained
 * by every method through the engine: the logits before the Softmax, ReLU rules reaching the fused conv
 * (maps equal those of a LayersModel twin with the same weights), and the padding trick said to be
 * unavailable rather than silently skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SALIENCY_METHOD_IDS } from '../../../../src/shared/saliency.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../../src/shared/saliency.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { detectModelKind, loadModel } from '../../../../src/worker/models/load-model.ts';
import { assertClose, noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { writeGraphModel } from '../../../helpers/keras-files.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-graph-'));
const options = { ...DEFAULT_SALIENCY_OPTIONS, paddingTrick: false, steps: 8, samples: 4, q: 80 };

for (const backend of ['cpu', 'wasm'] as const) {
  test(`graph model maps equal its LayersModel twin's for every method (${backend})`, async () => {
    await useBackend(backend);
    const { dir, twin } = writeGraphModel(join(root, `g-${backend}`));
    const ref = detectModelKind(dir);
    assert.equal(ref.kind, 'graph');
    const loaded = await loadModel(ref);
    assert.deepEqual(loaded.inspection.inputShape, [6, 6, 3]);
    assert.equal(loaded.inspection.outputCount, 3);
    assert.match(loaded.inspection.notes[0], /explains "logits", the logits before the final Softmax/);
    const twinAdapter = layersModelAdapter(twin);
    const x = seededArray(2 * 6 * 6 * 3, 77, -1, 1);
    await noLeak(() => {
      for (const method of SALIENCY_METHOD_IDS) {
        const g = explain(loaded.adapter, x, [2, 6, 6, 3], { method, options, target: [0, 2] });
        const l = explain(twinAdapter, x, [2, 6, 6, 3], { method, options, target: [0, 2] });
        assertClose(g.map, l.map, 1e-4, `${method} on ${backend}`);
      }
    });
    loaded.adapter.dispose?.();
    twinAdapter.dispose?.();
  });
}

test('the padding trick is reported as not honoured for a graph model', async () => {
  await useBackend('cpu');
  const { dir, twin } = writeGraphModel(join(root, 'g-trick'));
  twin.dispose();
  const loaded = await loadModel(detectModelKind(join(dir, 'model.json')));
  assert.deepEqual(loaded.notHonoured({ paddingTrick: false }), []);
  const lines = loaded.notHonoured({ paddingTrick: true });
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^padding trick not applied: a GraphModel has no conv layers/);
  loaded.adapter.dispose?.();
});
