/** "Explain this" (issue 21): what the store asks the host for, what it keeps, and a refusal passed on in one line. */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../src/renderer/api/client.ts';
import { useExplainStore } from '../../../src/renderer/experiments/blackbox/explain.ts';
import { useSaliencyStore } from '../../../src/renderer/experiments/blackbox/saliency-store.ts';
import type { ExplainView } from '../../../src/shared/experiments/blackbox.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../src/shared/saliency.ts';
import { fail } from '../../../src/shared/result.ts';
import { fakeClient, fakeViews, viewCalls } from '../../helpers/fake-client.ts';

const answer = (runId: string, index: number): ExplainView => ({
  runId,
  index,
  size: 2,
  split: 'train',
  label: 0,
  box: null,
  target: { index: 1, name: 'box' },
  logits: [1, -1],
  prediction: 0,
  options: DEFAULT_SALIENCY_OPTIONS,
  methods: [{ method: 'gradient', timesInput: false, seconds: 0.01, values: Buffer.from(new Float32Array([0, 1, -1, 0]).buffer).toString('base64'), metrics: null, notHonoured: [] }],
});

beforeEach(() => setActivePinia(createPinia()));

test('explain: the ticked methods and the Saliency view\'s options; results kept per run and image', async () => {
  const client = fakeClient({ experimentView: fakeViews({ blackbox: { explain: ({ runId, index }) => answer(runId, index) } }) });
  setClient(client);
  const store = useExplainStore();
  assert.deepEqual(store.methods, ['rectgrad', 'nobias-rectgrad', 'gradient'], 'the default methods');
  useSaliencyStore().options.q = 90;
  store.methods = ['gradient'];
  await store.explain('run-a', 7);
  const [params] = viewCalls(client.calls, 'blackbox', 'explain') as Array<{ runId: string; index: number; methods: string[]; options: { q: number } }>;
  assert.deepEqual([params.runId, params.index, params.methods, params.options.q], ['run-a', 7, ['gradient'], 90]);
  assert.equal(store.resultOf('run-a', 7)?.index, 7);
  assert.equal(store.resultOf('run-a', 8), null);
  assert.equal(store.resultOf('run-b', 7), null);
  assert.equal(store.resultOf(null, 7), null);
  for (let i = 0; i < 30; i++) await store.explain('run-a', 100 + i);
  assert.equal(Object.keys(store.results).length, 24, 'a bounded number kept');
  assert.equal(store.resultOf('run-a', 7), null, 'the oldest went first');
  assert.equal(store.resultOf('run-a', 129)?.index, 129);
});

test('explain: the host\'s one-line refusal is thrown for the button to show', async () => {
  setClient(fakeClient({ experimentView: fakeViews({ blackbox: { explain: () => fail('bad-input', 'experimentView blackbox explain: index: image 600 is out of range') } }) }));
  await assert.rejects(useExplainStore().explain('run-a', 600), /index: image 600 is out of range/);
});
