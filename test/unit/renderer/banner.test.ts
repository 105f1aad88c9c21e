/** Issue 21: one place for an error (banner rules, a call's success clears its banner, an action keeps its own error) and tabs in the URL hash. */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { addMessage, BANNER_KEEP, clearKey, collapse, isConnectionError, type BannerMessage } from '../../../src/renderer/banner.ts';
import { DEFAULT_VIEW, TABS, hashOf, parseHash } from '../../../src/renderer/tab-hash.ts';
import { setClient } from '../../../src/renderer/api/client.ts';
import { useAppStore } from '../../../src/renderer/stores/app.ts';
import { useJobsStore } from '../../../src/renderer/stores/jobs.ts';
import { useAction } from '../../../src/renderer/use-action.ts';
import { vaeQualityNote, zerosNote } from '../../../src/renderer/metric-info.ts';
import { fail } from '../../../src/shared/result.ts';
import type { JobInfo } from '../../../src/shared/lab-api.ts';
import { fakeClient } from '../../helpers/fake-client.ts';

beforeEach(() => setActivePinia(createPinia()));

const m = (id: number, key: string, message = `m${id}`): BannerMessage => ({ id, key, message });

test('banner: the same key replaces instead of stacking; a success of that key clears it', () => {
  let list = addMessage([], m(1, 'call:listRuns', 'a'));
  list = addMessage(list, m(2, 'job:training', 'b'));
  list = addMessage(list, m(3, 'call:listRuns', 'a again'));
  assert.deepEqual(list.map((e) => e.id), [2, 3]);
  list = addMessage(list, m(4, 'other', 'b')); // the same text is one message too
  assert.deepEqual(list.map((e) => e.id), [3, 4]);
  assert.deepEqual(clearKey(list, 'call:listRuns').map((e) => e.id), [4]);
  assert.deepEqual(clearKey(list, 'nothing'), list);
  for (let i = 10; i < 30; i++) list = addMessage(list, m(i, `k${i}`));
  assert.equal(list.length, BANNER_KEEP);
});

test('banner: collapsed to the newest line and "n more"; expanded shows all, newest first', () => {
  const list = [m(1, 'a'), m(2, 'b'), m(3, 'c')];
  assert.deepEqual(collapse(list, false), { shown: [list[2]], more: 2 });
  assert.deepEqual(collapse(list, true), { shown: [list[2], list[1], list[0]], more: 0 });
  assert.deepEqual(collapse([list[0]], false), { shown: [list[0]], more: 0 });
  assert.deepEqual(collapse([], false), { shown: [], more: 0 });
  assert.equal(isConnectionError('lost the connection to the lab server; retrying'), true);
  assert.equal(isConnectionError('/ws: not writable'), false);
});

test('a failed call shows in the banner until the same call succeeds; a lost connection clears on any success', async () => {
  let fails = true;
  setClient(fakeClient({ listRuns: () => (fails ? fail('io', 'runs: cannot read') : []), listDatasets: () => fail('io', 'lost the connection to the lab server; retrying'), getInfo: () => fail('internal', 'no info') }));
  const app = useAppStore();
  const { useClient } = await import('../../../src/renderer/api/client.ts');
  app.take(await useClient().listRuns({}));
  app.take(await useClient().listRuns({}));
  app.take(await useClient().listDatasets({}));
  assert.deepEqual(app.errors.map((e) => e.key), ['call:listRuns', 'connection'], 'one message per call, not two');
  fails = false;
  app.take(await useClient().listRuns({}));
  assert.deepEqual(app.errors.map((e) => e.key), [], 'the success cleared both');
});

test('a failed job is in the banner until a job of the same kind completes', () => {
  setClient(fakeClient({}));
  const jobs = useJobsStore();
  const job = (id: string, status: JobInfo['status'], kind: JobInfo['kind'] = 'train'): JobInfo => ({ id, kind, status, label: id, startedAt: '2026-01-01T00:00:00Z', error: status === 'failed' ? { code: 'internal', message: `${id} failed` } : undefined }) as JobInfo;
  jobs.apply(job('j1', 'failed'));
  jobs.apply(job('j2', 'failed', 'maps'));
  assert.equal(useAppStore().errors.length, 2);
  jobs.apply(job('j3', 'done'));
  assert.deepEqual(useAppStore().errors.map((e) => e.message), ['j2 failed']);
});

test('useAction: busy at once, the call error moves from the banner to the button, cleared on the next try', async () => {
  let fails = true;
  setClient(fakeClient({ writeReport: () => (fails ? fail('io', 'cannot write report') : { path: '/r', url: 'file:///r' }) }));
  const app = useAppStore();
  const { useClient } = await import('../../../src/renderer/api/client.ts');
  const action = useAction(async (id: string) => app.take(await useClient().writeReport({ runId: id })));
  const p = action.run('r1');
  assert.equal(action.busy, true, 'busy before the host answers');
  assert.equal(action.isBusy('r1'), true);
  assert.equal(action.isBusy('r2'), false);
  assert.equal(await action.run('r1'), null, 'a second click while busy does nothing');
  await p;
  assert.equal(action.busy, false);
  assert.equal(action.errorOf('r1'), 'cannot write report');
  assert.equal(action.errorOf('r2'), null);
  assert.equal(app.errors.length, 0, 'not in the banner');
  fails = false;
  await action.run('r1');
  assert.equal(action.error, null);
});

test('tabs: header order is key order, the app opens on the first; the hash names the view (and run)', () => {
  assert.deepEqual(TABS.map((t) => t.key), ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(DEFAULT_VIEW, TABS[0].id);
  for (const t of TABS) assert.deepEqual(parseHash(hashOf(t.id)), { view: t.id, runId: null });
  assert.deepEqual(parseHash(hashOf('saliency', 'run-1/x y')), { view: 'saliency', runId: 'run-1/x y' });
  assert.deepEqual(parseHash('#sweep'), { view: 'sweep', runId: null });
  assert.deepEqual(parseHash(''), { view: DEFAULT_VIEW, runId: null });
  assert.deepEqual(parseHash('#nonsense'), { view: DEFAULT_VIEW, runId: null });
  assert.deepEqual(parseHash('#/runs'), { view: 'runs', runId: null });
});

test('the Electron View menu has the same keys as the tabs', async () => {
  const { readFileSync } = await import('node:fs');
  const menu = readFileSync(new URL('../../../src/main/app/menu.ts', import.meta.url), 'utf8');
  for (const t of TABS) assert.match(menu, new RegExp(`accelerator: 'CmdOrCtrl\\+${t.key}', click: \\(\\) => send\\('show-${t.id}'\\)`), `${t.label}: Ctrl+${t.key}`);
});

test('notes next to numbers a newcomer misreads', () => {
  assert.match(zerosNote('nobias-rectgrad', 'zeroFractionAtZeroInput') ?? '', /own thresholding/);
  assert.equal(zerosNote('rectgrad', 'zeroFractionAtZeroInput'), null);
  assert.equal(zerosNote('nobias-rectgrad', 'enrichment'), null);
  assert.match(vaeQualityNote(0.688, 0.78) ?? '', /reconstruction loss is 0\.688/);
  assert.match(vaeQualityNote(0.5, 0.6) ?? '', /AUROC is 0\.600/);
  assert.equal(vaeQualityNote(0.5, 0.9), null);
  assert.equal(vaeQualityNote(undefined, undefined), null);
});

test('a host error with a remedy reads, in the app, as the app\'s way, never as a command line (calls and failed jobs)', async () => {
  const remedy = { command: 'saliency-lab train --resume r1', inApp: 'select the run in the Training view and press Resume' };
  setClient(fakeClient({ listRuns: () => fail('cancelled', 'training cancelled at epoch 2', { remedy, runId: 'r1' }) }));
  const app = useAppStore();
  const { useClient } = await import('../../../src/renderer/api/client.ts');
  const r = await useClient().listRuns({});
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.error.message, `training cancelled at epoch 2; ${remedy.inApp}`);
  assert.deepEqual(r.ok ? null : r.error.details, { runId: 'r1' });
  const jobs = useJobsStore();
  jobs.apply({ id: 'j1', kind: 'training', label: 'training', status: 'failed', startedAt: '2026-12-07T00:00:00Z', error: { kind: 'io', message: 'no network: cannot reach x', details: { remedy } } } as unknown as JobInfo);
  assert.equal(jobs.jobs.j1.error?.message, `no network: cannot reach x; ${remedy.inApp}`);
  assert.ok(app.errors.every((e) => !e.message.includes('saliency-lab')), app.errors.map((e) => e.message).join(' | '));
});
