/** The worker pool's watchdog: a worker stuck while starting is replaced once, then reported. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../../src/main/host/worker-pool.ts';

const fakeWorker = (name: string) => new URL(`../../fixtures/workers/${name}`, import.meta.url);

test('a worker that never finishes starting is replaced once, then the call fails with a clear error', async () => {
  const logs: string[] = [];
  const pool = new WorkerPool(1, 'cpu', { entry: fakeWorker('never-starts.mjs'), initTimeoutMs: 200, onLog: (level, m) => logs.push(`${level}: ${m}`) });
  const r = await pool.call('saliencyFromFiles', {} as never);
  await pool.close();
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error.message, /did not start its engine within 0.2 s, twice/);
  assert.deepEqual(logs, ['warn: the compute worker did not start its engine within 0.2 s; starting a new one']);
});

test('a worker stuck on its first start is replaced and the call goes through on the second', async () => {
  process.env.SBL_TEST_WORKER_MARKER = join(mkdtempSync(join(tmpdir(), 'sbl-pool-')), 'marker');
  const pool = new WorkerPool(1, 'cpu', { entry: fakeWorker('starts-second-time.mjs'), initTimeoutMs: 500 });
  const r = await pool.call('saliencyFromFiles', { echo: 7 } as never);
  await pool.close();
  delete process.env.SBL_TEST_WORKER_MARKER;
  assert.deepEqual(r, { ok: true, value: { echo: 7 } });
});

test('concurrent first calls share one start instead of each spawning a worker', async () => {
  const marker = join(mkdtempSync(join(tmpdir(), 'sbl-pool-')), 'starts');
  process.env.SBL_TEST_WORKER_MARKER = marker;
  const pool = new WorkerPool(1, 'cpu', { entry: fakeWorker('counts-starts.mjs') });
  const [a, b] = await Promise.all([pool.call('saliencyFromFiles', { n: 1 } as never), pool.call('saliencyFromFiles', { n: 2 } as never)]);
  await pool.close();
  delete process.env.SBL_TEST_WORKER_MARKER;
  assert.deepEqual([a, b], [{ ok: true, value: { n: 1 } }, { ok: true, value: { n: 2 } }]);
  assert.equal(readFileSync(marker, 'utf8'), 'start\n', 'a pool of one spawned one worker');
});

test('a pool closed while its worker is still starting ends that worker, and the waiting call fails at once', async () => {
  // A host closed during its first call (a test, or a window closed while the engine starts) must not
  // leave a thread behind: the process would never exit.
  const pool = new WorkerPool(1, 'cpu', { entry: fakeWorker('never-starts.mjs'), initTimeoutMs: 60_000 });
  const call = pool.call('saliencyFromFiles', {} as never);
  await new Promise((r) => setTimeout(r, 100));
  await pool.close();
  // Not "did not start within 60 s": the close, not the start timeout, ended the wait.
  const r = await call;
  assert.deepEqual(r, { ok: false, error: { kind: 'engine', message: 'the compute workers were closed' } });
  const again = await pool.call('saliencyFromFiles', {} as never);
  assert.equal(again.ok, false, 'a closed pool starts no new worker');
});
