/**
 * Issue 21 at the host: a run's name, tags and note are written to its manifest under the run's lock (a
 * run a live process holds is refused with the lock's one line, and left as it was), and a run archive the
 * app exports is served as media `exports/<runId>.tgz`, application/gzip, confined like the reports.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LabService } from '../../../../src/main/host/lab-service.ts';
import { resolveMedia } from '../../../../src/main/host/media.ts';
import { LabError, type Result } from '../../../../src/shared/result.ts';
import type { RunManifest } from '../../../../src/shared/run.ts';
import type { LabCalls } from '../../../../src/shared/lab-api.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-run-info-'));
process.env.XDG_DATA_HOME = join(root, 'app-data'); // the recent-workspaces list stays in the temp folder
const service = new LabService(join(root, 'ws'), { backend: 'cpu', mediaBase: '/media' });
const ws = service.workspace;
after(async () => {
  await service.close();
  rmSync(root, { recursive: true, force: true });
});

const call = async <K extends keyof LabCalls>(name: K, params: LabCalls[K]['params']) => (await service.call(name, params)) as Result<LabCalls[K]['result']>;

function run(id: string): RunManifest {
  const m = {
    id, kind: 'train', name: `run ${id}`, status: 'completed', config: { epochs: 1 }, datasetId: 'ds-gone', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
    backend: null, versions: {}, checkpointEpoch: 1, testAccuracy: 0.9,
  } as unknown as RunManifest;
  mkdirSync(ws.runDir(id), { recursive: true });
  writeFileSync(join(ws.runDir(id), 'manifest.json'), JSON.stringify(m));
  return m;
}

const stored = (id: string) => JSON.parse(readFileSync(join(ws.runDir(id), 'manifest.json'), 'utf8')) as RunManifest;

test('updateRunInfo renames, tags and notes a run; what is stored is what listRuns (and the CLI list --json) shows', async () => {
  run('run-a');
  const r = await call('updateRunInfo', { runId: 'run-a', name: '  baseline  ', tags: ['baseline', 'lr:0.01'], notes: 'box top left' });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.value.name, 'baseline', 'trimmed');
  assert.equal(stored('run-a').named, true, 'labelled by its name from now on');
  assert.deepEqual(stored('run-a').tags, ['baseline', 'lr:0.01']);
  assert.equal(stored('run-a').notes, 'box top left');
  assert.equal(stored('run-a').testAccuracy, 0.9, 'the rest of the manifest kept');
  assert.notEqual(stored('run-a').updatedAt, '2025-01-01T00:00:00.000Z');
  // Only what is given changes; an empty note removes it; tags can be cleared.
  assert.ok((await call('updateRunInfo', { runId: 'run-a', notes: '' })).ok);
  assert.equal(stored('run-a').name, 'baseline');
  assert.deepEqual(stored('run-a').tags, ['baseline', 'lr:0.01']);
  assert.equal('notes' in stored('run-a'), false);
  assert.ok((await call('updateRunInfo', { runId: 'run-a', tags: [] })).ok);
  assert.deepEqual(stored('run-a').tags, []);
  const listed = await call('listRuns', {});
  assert.ok(listed.ok);
  assert.equal(listed.value.find((x) => x.id === 'run-a')?.name, 'baseline');
  // The lock is released: a second edit is not refused.
  assert.ok((await call('updateRunInfo', { runId: 'run-a', name: 'again' })).ok);
});

test('updateRunInfo on a run a live process holds is refused in one line and changes nothing', async () => {
  run('run-busy');
  const lock = await ws.lockRun('run-busy', 'training');
  try {
    const r = await call('updateRunInfo', { runId: 'run-busy', name: 'renamed', tags: ['x'] });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'bad-input');
    assert.match(r.error.message, /^run "run-busy" is in use by .*training/);
    assert.ok(!r.error.message.includes('\n'));
    assert.equal(stored('run-busy').name, 'run run-busy');
    assert.equal(stored('run-busy').tags, undefined);
  } finally {
    lock.release();
  }
  assert.ok((await call('updateRunInfo', { runId: 'run-busy', name: 'renamed' })).ok, 'free again once released');
});

test('updateRunInfo: a missing run is not-found; a bad payload names the field', async () => {
  const missing = await call('updateRunInfo', { runId: 'run-none', name: 'x' });
  assert.ok(!missing.ok);
  assert.equal(missing.error.kind, 'not-found');
  const bad = await call('updateRunInfo', { runId: 'run-a', tags: ['a/b'] });
  assert.ok(!bad.ok);
  assert.match(bad.error.message, /^updateRunInfo: tags\[0\]: expected a tag/);
});

test('exportRunArchive writes exports/<runId>.tgz and serves it as application/gzip; importRunArchive refuses a run already there', async () => {
  run('run-x');
  const r = await call('exportRunArchive', { runId: 'run-x' });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.value.path, join(ws.root, 'exports', 'run-x.tgz'));
  assert.equal(r.value.url, '/media/exports/run-x.tgz');
  assert.deepEqual(r.value.runs, ['run-x']);
  assert.ok(r.value.bytes > 0);
  const m = await resolveMedia(ws, 'exports/run-x.tgz');
  assert.equal(m?.contentType, 'application/gzip');
  assert.ok(gunzipSync(m.body).includes('runs/run-x/manifest.json'));
  const again = await call('importRunArchive', { path: r.value.path });
  assert.ok(!again.ok);
  assert.match(again.error.message, /run run-x is already in .*; nothing imported/);
  const missing = await call('importRunArchive', { path: join(root, 'none.tgz') });
  assert.ok(!missing.ok);
});

test('the exports route is confined: symlinks out, other names and climbing paths serve nothing', async () => {
  const outside = join(root, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret.tgz'), 'secret');
  symlinkSync(join(outside, 'secret.tgz'), join(ws.root, 'exports', 'evil.tgz'));
  const refused = async (path: string) => {
    try {
      return (await resolveMedia(ws, path)) === null;
    } catch (e) {
      return e instanceof LabError;
    }
  };
  for (const p of ['exports/evil.tgz', 'exports/../runs/run-x/manifest.json', 'exports/run-x.tar', 'exports/Run-X.tgz', 'exports/sub/run-x.tgz', 'exports/none.tgz']) assert.equal(await refused(p), true, p);
  // The exports folder itself a symlink out of the workspace.
  const ws2 = join(root, 'ws2');
  mkdirSync(ws2);
  symlinkSync(outside, join(ws2, 'exports'));
  const other = new LabService(ws2, { backend: 'cpu', mediaBase: '/media' });
  try {
    await assert.rejects(resolveMedia(other.workspace, 'exports/secret.tgz'), LabError);
  } finally {
    await other.close();
  }
});
