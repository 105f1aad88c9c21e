/**
 * The Batches view's form and store against a fake client (issue 22, app side): the form's text becomes
 * a BatchRequest (seeds, grid rows FLAG = V1,V2, Quick, the kind's other flags, Slurm fields only for
 * slurm), with what is not a request at all refused in one line; the grid suggestions are real flags of
 * their kinds; the store lists batches newest first, submits and selects the new batch, shows a refusal
 * as one line that the next one replaces (never a stack), asks for the members every 2 s only while one
 * is pending or running, offers Resubmit only once none is, and keeps the aggregate Collect returned.
 */
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../src/renderer/api/client.ts';
import { MEMBER_POLL_MS, useBatchesStore } from '../../../src/renderer/stores/batches.ts';
import { useAppStore } from '../../../src/renderer/stores/app.ts';
import { SUGGESTED_GRID_FLAGS, batchRequestOf, defaultBatchForm, parseFlags, parseGrid, parseSeeds } from '../../../src/renderer/batch-form.ts';
import { experimentDefinition } from '../../../src/main/host/experiments/registry.ts';
import { batchableKinds } from '../../../src/main/host/batch/batch-plan.ts';
import type { BatchAggregate, BatchMemberStatus, BatchSummary } from '../../../src/shared/batch.ts';
import type { ExperimentKind } from '../../../src/shared/experiments/index.ts';
import { fail } from '../../../src/shared/result.ts';
import { fakeClient } from '../../helpers/fake-client.ts';

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => useBatchesStore().stopPolling());

const summary = (id: string, createdAt: string): BatchSummary => ({ id, kind: 'blackbox', executor: 'local', createdAt, members: 2, seeds: [1, 2], grid: [], flags: { quick: true } });
const member = (i: number, state: BatchMemberStatus['state']): BatchMemberStatus => ({ member: i, run: state === 'pending' ? null : `run-${i}`, state, seed: i + 1, set: {} });
/** Lets the fake client's answers land (setImmediate: setTimeout is mocked in the polling test). */
const settle = () => new Promise((r) => setImmediate(r));

test('form: seeds, grid rows, Quick and the other flags become the request; Slurm fields only for slurm', () => {
  const form = { ...defaultBatchForm('blackbox'), seeds: ' 1, 2 ,3', grid: [{ flag: '--epochs', values: '2, 3,' }, { flag: '', values: '' }, { flag: 'lr', values: '0.01' }], flags: 'count=200 --size=32 padding-trick' };
  assert.deepEqual(batchRequestOf(form), {
    request: { kind: 'blackbox', executor: 'local', seeds: [1, 2, 3], grid: [{ flag: 'epochs', values: ['2', '3'] }, { flag: 'lr', values: ['0.01'] }], flags: { count: '200', size: '32', 'padding-trick': true, quick: true }, parallel: 1 },
  });
  const slurm = { ...form, quick: false, flags: '', grid: [], executor: 'slurm' as const, slurm: { partition: 'gpu', time: '1:00:00', cpus: '4', mem: '', gres: ' gpu:1 ' } };
  assert.deepEqual(batchRequestOf(slurm), { request: { kind: 'blackbox', executor: 'slurm', seeds: [1, 2, 3], grid: [], flags: {}, slurm: { partition: 'gpu', time: '1:00:00', cpus: 4, gres: 'gpu:1' } } });
  assert.deepEqual(batchRequestOf({ ...slurm, executor: 'external' }), { request: { kind: 'blackbox', executor: 'external', seeds: [1, 2, 3], grid: [], flags: {} } }, 'Slurm fields are not sent for another executor');
});

test('form: what is not a request is one line naming the flag', () => {
  assert.throws(() => parseSeeds('1,x'), /^Error: --seeds: expected comma-separated integers, got "x"$/);
  assert.throws(() => parseSeeds(' , '), /--seeds: give at least one seed/);
  assert.throws(() => parseGrid([{ flag: 'epochs', values: ' , ' }]), /--set epochs=…: give its values/);
  assert.throws(() => parseGrid([{ flag: '', values: '3' }]), /--set =3: name the flag/);
  assert.throws(() => parseFlags('count=1 count=2'), /--count: given twice/);
  assert.deepEqual(batchRequestOf({ ...defaultBatchForm(''), seeds: '1' }), { error: '--kind: pick the kind of experiment to run' });
  assert.deepEqual(batchRequestOf({ ...defaultBatchForm('blackbox'), parallel: '1.5' }), { error: '--parallel: expected an integer, got "1.5"' });
  for (const r of [batchRequestOf({ ...defaultBatchForm('blackbox'), seeds: '1;2' })]) assert.ok('error' in r && !r.error.includes('\n'));
});

test('form: the grid suggestions are flags of batchable kinds (not the seed, which comes from the seeds field)', () => {
  for (const [kind, flags] of Object.entries(SUGGESTED_GRID_FLAGS)) {
    assert.ok(batchableKinds().includes(kind), kind);
    const own = Object.keys(experimentDefinition(kind as ExperimentKind)?.flags ?? {});
    for (const f of flags) assert.ok(own.includes(f) && f !== 'seed', `${kind}: --${f}`);
  }
});

test('store: newest first, submit selects the new batch, refusals are one line replaced by the next', async () => {
  let batches = [summary('batch-old', '2026-01-01T00:00:00Z'), summary('batch-new', '2026-02-01T00:00:00Z')];
  const client = fakeClient({
    listBatches: () => ({ kinds: ['blackbox', 'vae-concept'], batches }),
    batchStatus: () => [member(0, 'completed'), member(1, 'completed')],
    submitBatch: (p) => {
      if (p.grid?.some((g) => g.values.includes('0'))) return fail('bad-input', '--set epochs=0: expected an integer in [1, 1000], got 0\n    at planMembers');
      batches = [...batches, summary('batch-3', '2026-03-01T00:00:00Z')];
      return { batch: 'batch-3', members: 2, executor: 'local', jobId: 'job-9' };
    },
  });
  setClient(client);
  const store = useBatchesStore();
  await store.load();
  assert.deepEqual(store.list.map((b) => b.id), ['batch-new', 'batch-old']);
  assert.equal(store.form.kind, 'blackbox');

  store.setForm({ seeds: '1,2', grid: [{ flag: 'epochs', values: '0' }] });
  const pending = store.submit();
  assert.equal(store.busy, 'submit', 'the button is disabled at once');
  assert.equal(await pending, false);
  assert.equal(store.busy, null);
  assert.equal(store.error, '--set epochs=0: expected an integer in [1, 1000], got 0');
  store.setForm({ seeds: '1,x' });
  assert.equal(await store.submit(), false);
  assert.equal(store.error, '--seeds: expected comma-separated integers, got "x"', 'the next refusal replaces the last');
  assert.deepEqual(useAppStore().errors, [], 'no banner');

  store.setForm({ seeds: '1,2', grid: [{ flag: '', values: '' }], flags: 'count=200 epochs=2' });
  assert.equal(await store.submit(), true);
  assert.equal(store.error, null);
  assert.deepEqual(client.calls.filter((c) => c.name === 'submitBatch').at(-1)!.params, { kind: 'blackbox', executor: 'local', seeds: [1, 2], grid: [], flags: { count: '200', epochs: '2', quick: true }, parallel: 1 });
  assert.equal(store.selected, 'batch-3');
  assert.equal(store.list[0].id, 'batch-3');
  assert.match(store.notice ?? '', /batch-3: 2 members submitted \(local\)/);
});

test('store: members are asked for every 2 s only while one is pending or running; Resubmit waits for them; Collect keeps the aggregate', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let states: Array<BatchMemberStatus['state']> = ['running', 'pending'];
  const aggregate: BatchAggregate = { batch: 'batch-a', kind: 'blackbox', cells: [{ set: {}, runs: [], rows: [] }], members: [member(0, 'completed'), member(1, 'failed')], notes: [], missing: [], failed: [{ member: 1, seed: 2, set: {}, run: 'run-1', state: 'failed' }], resamples: 10_000, bootstrapSeed: 1 };
  const client = fakeClient({
    listBatches: () => ({ kinds: ['blackbox'], batches: [summary('batch-a', '2026-01-01T00:00:00Z')] }),
    batchStatus: () => states.map((s, i) => member(i, s)),
    resubmitBatch: (p) => ({ batch: p.batch, members: [1], executor: 'local', jobId: 'job-2' }),
    collectBatch: () => ({ ...aggregate, url: '/media/batches/batch-a/aggregate.html' }),
  });
  setClient(client);
  const store = useBatchesStore();
  const asked = () => client.calls.filter((c) => c.name === 'batchStatus').length;
  await store.load();
  store.select('batch-a');
  store.startPolling();
  await settle();
  const first = asked();
  assert.equal(store.active, true);
  assert.equal(store.resubmittable.length, 0, 'nothing to resubmit while members are pending or running');

  t.mock.timers.tick(MEMBER_POLL_MS);
  await settle();
  assert.equal(asked(), first + 1, 'asked again after 2 s');
  states = ['completed', 'failed'];
  t.mock.timers.tick(MEMBER_POLL_MS);
  await settle();
  assert.equal(store.active, false);
  const settled = asked();
  t.mock.timers.tick(5 * MEMBER_POLL_MS);
  await settle();
  assert.equal(asked(), settled, 'no more asking once every member is done');
  assert.deepEqual(store.resubmittable.map((m) => m.member), [1]);

  await store.resubmit();
  assert.deepEqual(client.calls.filter((c) => c.name === 'resubmitBatch').at(-1)!.params, { batch: 'batch-a' });
  assert.match(store.notice ?? '', /1 member resubmitted/);

  await store.collect();
  assert.equal(store.aggregate?.url, '/media/batches/batch-a/aggregate.html');
  assert.equal(store.aggregate?.failed.length, 1);
  store.select(null);
  assert.equal(store.aggregate, null, 'another batch does not show this aggregate');
});
