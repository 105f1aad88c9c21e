/**
 * An experiment's status is its own, stage by stage (issue 16): a cancel in a stage after training is
 * recorded on the run as `cancelled` with its one-line reason (not left `running` until a listing calls it
 * interrupted), and resuming it runs only the stages it had not finished.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabHost } from '../../src/main/host/lab-host.ts';
import { unwrap } from '../../src/shared/result.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-stages-'));
const host = new LabHost({ workspace: join(root, 'ws'), backend: 'wasm' });
after(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

const CONFIG = { dataset: { size: 32, count: 60, seed: 4 }, train: { epochs: 1, seed: 4 }, concept: { perGroup: 8, seed: 4 }, maps: { perGroup: 1, methods: ['rectgrad', 'nobias-rectgrad'] } };

test('a VAE experiment cancelled in its concept stage is recorded cancelled; resuming runs concept, maps and report, not training', async () => {
  const abort = new AbortController();
  let runId = '';
  const r = await host.runExperiment('vae-concept', CONFIG, {
    signal: abort.signal,
    onRunCreated: (id) => {
      runId = id;
    },
    onProgress: (p) => {
      if (p.stage === 'concept') abort.abort();
    },
  });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.kind, 'cancelled');
  const cancelled = unwrap(await host.getRun(runId));
  assert.equal(cancelled.status, 'cancelled', 'recorded on the run, not left running');
  assert.match(cancelled.error ?? '', /cancel/);
  assert.deepEqual(cancelled.stagesDone, ['dataset', 'training']);
  const epochsBefore = readFileSync(join(host.workspace.runDir(runId), 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"epoch"')).length;

  // While another holder runs it (its lock, status running), a second resume is refused and leaves the
  // run as that holder has it: not marked failed by the refusal.
  const other = await host.workspace.lockRun(runId, 'another resume');
  await host.workspace.updateRun(runId, { status: 'running' });
  const refused = await host.resumeExperiment(runId);
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.error.message : '', /is in use by process/);
  assert.equal(unwrap(await host.getRun(runId)).status, 'running');
  await host.workspace.updateRun(runId, { status: 'cancelled' });
  other.release();

  const resumed = unwrap(await host.resumeExperiment(runId));
  assert.equal(resumed.run.status, 'completed');
  assert.deepEqual(resumed.run.stagesDone, ['dataset', 'training', 'concept', 'maps', 'report']);
  const epochsAfter = readFileSync(join(host.workspace.runDir(runId), 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"epoch"')).length;
  assert.equal(epochsAfter, epochsBefore, 'training was not run again');
});
