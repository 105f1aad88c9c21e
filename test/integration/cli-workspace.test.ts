/**
 * The workspace through the real command line (issue 7): a second `train --resume` of a run that another
 * process is training is refused with one line naming that process; once that process is killed, `list`
 * shows the run interrupted at its last checkpoint, and damaged entries as broken rather than hiding them.
 * No training runs here: the refusal comes before any worker starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace, RUN_LOCK } from '../../src/main/host/workspace.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/run.ts';
import { describeRun, runCli } from '../helpers/cli.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

test('train --resume of a run held by another process is refused naming it; after kill -9, list shows it interrupted; broken entries are listed', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sbl-cli-ws-'));
  const ws = new Workspace(root);
  await ws.open();
  const id = 'run-held-1';
  mkdirSync(ws.runDir(id), { recursive: true });
  const now = new Date().toISOString();
  await ws.writeRun({ id, kind: 'train', name: 'held run', status: 'running', config: { ...DEFAULT_TRAIN_CONFIG, datasetId: 'ds-gone', epochs: 3 }, datasetId: 'ds-gone', createdAt: now, updatedAt: now, backend: null, versions: {}, checkpointEpoch: 0, testAccuracy: null });
  mkdirSync(join(ws.runDir(id), 'checkpoints'));
  writeFileSync(join(ws.runDir(id), 'checkpoints', 'latest.json'), JSON.stringify({ epoch: 1, dir: 'epoch-001', savedAt: now }));
  mkdirSync(join(ws.runDir(id), 'checkpoints', 'epoch-001'));
  writeFileSync(join(ws.runDir(id), 'checkpoints', 'epoch-001', 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }] }));
  writeFileSync(join(ws.runDir(id), 'checkpoints', 'epoch-001', 'weights.bin'), Buffer.alloc(8));
  mkdirSync(ws.runDir('run-broken-1'));
  writeFileSync(join(ws.runDir('run-broken-1'), 'manifest.json'), '{"id": "run-bro');
  mkdirSync(ws.datasetDir('ds-broken-1'));
  writeFileSync(join(ws.datasetDir('ds-broken-1'), 'manifest.json'), '');

  const holder = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test/fixtures/workspace/hold-lock.ts'), join(ws.runDir(id), RUN_LOCK)], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d) => String(d).includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited (${code})`)));
    });
    const second = await runCli(['train', '--resume', id, '--workspace', root]);
    assert.notEqual(second.code, 0, describeRun(second));
    const lines = second.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${second.stderr}`);
    assert.ok(lines[0].startsWith(`error: run "${id}" is in use by process ${holder.pid} on host ${hostname()}, training since `), lines[0]);
  } finally {
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
  }

  const list = await runCli(['list', '--workspace', root]);
  assert.equal(list.code, 0, describeRun(list));
  assert.match(list.stdout, new RegExp(`${id}\\s+interrupted .* at epoch 1/3`), list.stdout);
  assert.match(list.stdout, /run-broken-1\s+broken .*BROKEN: .*run-broken-1\/manifest\.json: the run manifest is corrupt/, list.stdout);
  assert.match(list.stdout, /ds-broken-1\s+BROKEN\s+.*ds-broken-1\/manifest\.json: the dataset manifest is corrupt \(empty\)/, list.stdout);
  const json = JSON.parse((await runCli(['list', '--json', '--workspace', root])).stdout) as { runs: Array<{ id: string; status: string; broken?: string }> };
  assert.equal(json.runs.find((r) => r.id === 'run-broken-1')?.status, 'broken');
  assert.match(json.runs.find((r) => r.id === 'run-broken-1')?.broken ?? '', /manifest\.json/);
});
