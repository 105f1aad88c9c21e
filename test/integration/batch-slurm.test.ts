/**
 * Batches on a real Slurm (issue 22): a one-node cluster started for this file (test/helpers/slurm-cluster.ts;
 * Debian's slurm-wlm and munge, which .ci/run installs). A 3-seed quick batch goes through sbatch as one
 * array job; one task is scancel'd mid-training, the batch is waited for, the cancelled member is
 * resubmitted and resumes its run without training its finished epochs again, and the aggregate covers
 * all three seeds. Where Slurm cannot run (not installed, not root) the test says why and skips.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from '../helpers/cli.ts';
import { jsonLines, memberRun, onlyBatch, recordedEpochs } from '../helpers/batch-files.ts';
import { type SlurmCluster, startSlurmCluster } from '../helpers/slurm-cluster.ts';

let cluster: SlurmCluster | null = null;
let skip = '';

before(() => {
  const c = startSlurmCluster();
  if ('skip' in c) skip = c.skip;
  else cluster = c;
});
after(() => cluster?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('3-seed batch through sbatch: a task scancel\'d mid-run resumes on resubmission; the aggregate covers every seed', async (t) => {
  if (cluster === null) return t.skip(`Slurm: ${skip}`);
  const env = cluster.env;
  const ws = mkdtempSync(join(tmpdir(), 'sbl-batch-slurm-'));
  const cli = (args: string[], timeoutMs = 60_000) => runCli([...args, '--workspace', ws], { env, timeoutMs });

  const r = await cli(['batch', 'submit', '--executor', 'slurm', '--kind', 'blackbox', '--seeds', '1,2,3', '--quick', '--count', '240', '--epochs', '16', '--cpus', '1', '--time', '30', '--backend', 'wasm', '--json']);
  assert.equal(r.code, 0, describeRun(r));
  const batch = onlyBatch(ws);
  const submitted = jsonLines(r.stdout)[0];
  assert.deepEqual(Object.keys(submitted).sort(), ['batch', 'executor', 'job', 'members']);
  assert.deepEqual({ ...submitted, job: undefined }, { batch, members: 3, executor: 'slurm', job: undefined });
  const job = String(submitted.job);
  const script = readFileSync(join(ws, 'batches', batch, 'slurm', 'array.sbatch'), 'utf8');
  assert.match(script, /^#SBATCH --array=0-2$/m);
  assert.match(script, /^#SBATCH --cpus-per-task=1$/m);
  assert.match(script, /^#SBATCH --time=30$/m);
  assert.match(script, /batch run-member '[^']+' --member "\$SLURM_ARRAY_TASK_ID" --workspace '/m);

  // Member 1 is cancelled by Slurm once it has trained two epochs (polled from the workspace, as another node would).
  let trained = 0;
  for (let i = 0; i < 600 && trained < 2; i++) {
    trained = memberRun(ws, batch, 1)?.checkpointEpoch ?? 0;
    if (trained < 2) await sleep(200);
  }
  assert.ok(trained >= 2 && trained < 16, `member 1 trained ${trained} epochs before it could be cancelled`);
  const live = jsonLines((await cli(['batch', 'status', batch, '--json'])).stdout);
  assert.equal(live[1].state, 'running', JSON.stringify(live[1]));
  assert.deepEqual(live[1].slurm, { task: `${job}_1`, state: 'RUNNING' });
  execFileSync('scancel', [`${job}_1`], { env });

  const waited = await cli(['batch', 'wait', batch, '--interval', '1', '--json'], 300_000);
  assert.equal(waited.code, 1, `one member did not complete: ${describeRun(waited)}`);
  const states = jsonLines(waited.stdout);
  assert.deepEqual(states.map((s) => s.state), ['completed', 'cancelled', 'completed'], JSON.stringify(states));
  assert.deepEqual(states[1].slurm, { task: `${job}_1`, state: 'CANCELLED' });
  const cancelled = memberRun(ws, batch, 1)!;
  assert.equal(cancelled.status, 'cancelled', 'SIGTERM from scancel saved the run as cancelled');
  const kept = cancelled.checkpointEpoch;
  assert.ok(kept >= 2, `kept ${kept} epochs`);
  // Not all in: collect names the cancelled member instead of dropping it.
  const partial = jsonLines((await cli(['batch', 'collect', batch, '--json'])).stdout);
  assert.deepEqual(partial.at(-1), { missing: [{ member: 1, seed: 2, set: {}, run: cancelled.id, state: 'cancelled' }], failed: [] });
  assert.equal(partial.find((l) => l.method === 'nobias-rectgrad' && l.metric === 'boxMassShare')!.n, 2);

  const again = await cli(['batch', 'resubmit', batch, '--json']);
  assert.equal(again.code, 0, describeRun(again));
  const resubmitted = jsonLines(again.stdout)[0];
  assert.deepEqual(resubmitted.members, [1]);
  assert.ok(existsSync(join(ws, 'batches', batch, 'slurm', 'resubmit-1.sbatch')));
  assert.match(readFileSync(join(ws, 'batches', batch, 'slurm', 'resubmit-1.sbatch'), 'utf8'), /^#SBATCH --array=1$/m);
  const done = await cli(['batch', 'wait', batch, '--interval', '1', '--json'], 300_000);
  assert.equal(done.code, 0, describeRun(done));
  assert.deepEqual(jsonLines(done.stdout).map((s) => s.state), ['completed', 'completed', 'completed']);
  const resumed = memberRun(ws, batch, 1)!;
  assert.equal(resumed.id, cancelled.id, 'the same run, resumed');
  assert.deepEqual(recordedEpochs(ws, resumed.id), Array.from({ length: 16 }, (_, i) => i + 1), 'the finished epochs were kept, the rest trained once');
  const log = readFileSync(join(ws, 'batches', batch, 'slurm', 'logs', `${resubmitted.job}_1.out`), 'utf8');
  assert.match(log, new RegExp(`note: member 1: resuming run ${resumed.id} \\(cancelled, ${kept} of 16 epochs trained\\)`));

  const collect = await cli(['batch', 'collect', batch, '--json']);
  const lines = jsonLines(collect.stdout);
  assert.deepEqual(lines.at(-1), { missing: [], failed: [] });
  const share = lines.find((l) => l.method === 'nobias-rectgrad' && l.metric === 'boxMassShare')!;
  assert.equal(share.n, 3);
  assert.ok(Array.isArray(share.ci95), JSON.stringify(share));
  // The aggregate's table in CI's log: each method's box share over the 3 seeds, and the paired test.
  for (const l of lines.filter((x) => x.metric === 'boxMassShare')) {
    const ci = l.ci95 as [number, number] | null;
    t.diagnostic(`${String(l.method ?? l.comparison).padEnd(28)} box mass share: mean ${(l.mean as number).toFixed(3)}, 95% t interval ${ci === null ? '–' : `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]`}, n = ${l.n} seeds${typeof l.p === 'number' ? `, paired t-test p = ${l.p.toPrecision(2)}` : ''}`);
  }
  // The table a reader sees: three seeds, each named.
  const human = await cli(['batch', 'collect', batch]);
  assert.match(human.stderr, /all: 3 seeds \(1, 2, 3\)/);
});
