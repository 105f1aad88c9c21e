/**
 * Batches with the local executor and the external one, through the real command line (issue 22): a
 * 3-seed quick batch and its aggregate; a member kill -9'd mid-training resumes on resubmission without
 * losing its finished epochs; a grid recorded for another scheduler, its members run one by one by
 * index (`run-member`, as a Kubernetes indexed Job would); and bad input refused with one line naming
 * the flag, nothing written or submitted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describeRun, runCli, runCliKilledWhen } from '../helpers/cli.ts';
import { jsonLines, memberRun, onlyBatch, recordedEpochs } from '../helpers/batch-files.ts';

/** Small, fast members: the quick recipe on fewer images. */
const SMALL = ['--quick', '--count', '240', '--backend', 'wasm'];

test('local batch of 3 seeds: the submit line, every member completed and marked, the aggregate with n = 3 and no member missing', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'sbl-batch-local-'));
  const r = await runCli(['batch', 'submit', '--kind', 'blackbox', '--seeds', '1,2,3', ...SMALL, '--workspace', ws, '--json'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, describeRun(r));
  const [submitted] = jsonLines(r.stdout);
  const batch = onlyBatch(ws);
  assert.deepEqual(submitted, { batch, members: 3, executor: 'local' });

  const status = await runCli(['batch', 'status', batch, '--workspace', ws, '--json']);
  assert.equal(status.code, 0, describeRun(status));
  const members = jsonLines(status.stdout);
  assert.deepEqual(members.map((m) => [m.member, m.seed, m.state]), [[0, 1, 'completed'], [1, 2, 'completed'], [2, 3, 'completed']]);
  for (const m of members) {
    const run = memberRun(ws, batch, m.member as number)!;
    assert.equal(run.id, m.run);
    assert.deepEqual(run.batch, { id: batch, member: m.member }, 'the run records its batch');
  }

  const collect = await runCli(['batch', 'collect', batch, '--workspace', ws, '--json', '--resamples', '1000']);
  assert.equal(collect.code, 0, describeRun(collect));
  const lines = jsonLines(collect.stdout);
  assert.deepEqual(lines.at(-1), { missing: [], failed: [] });
  const share = lines.find((l) => l.method === 'nobias-rectgrad' && l.metric === 'boxMassShare')!;
  assert.equal(share.batch, batch);
  assert.deepEqual(share.cell, {});
  assert.equal(share.n, 3);
  assert.deepEqual(share.seeds, [1, 2, 3]);
  assert.ok(Array.isArray(share.ci95) && Number.isFinite((share.ci95 as number[])[0]), JSON.stringify(share));
  const paired = lines.find((l) => l.comparison === 'nobias-rectgrad - rectgrad' && l.metric === 'boxMassShare')!;
  assert.equal(paired.n, 3);
  assert.ok(typeof paired.p === 'number', JSON.stringify(paired));
  // RectGrad is blind in the box (its maps are 0 there): the difference is No-Bias's own share, positive.
  assert.ok((paired.mean as number) > 0, JSON.stringify(paired));
  const html = readFileSync(join(ws, 'batches', batch, 'aggregate.html'), 'utf8');
  assert.match(html, /All members: 3 seeds/);
  assert.match(html, /<svg/);
});

test('a member kill -9\'d mid-training is interrupted; resubmit resumes its run from its last checkpoint', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'sbl-batch-kill-'));
  const args = ['batch', 'submit', '--kind', 'blackbox', '--seeds', '7', ...SMALL, '--workspace', ws, '--json'];
  const { killedWith, stderr } = await runCliKilledWhen(args, () => {
    const run = existsSync(join(ws, 'batches')) ? memberRun(ws, onlyBatch(ws), 0) : undefined;
    return run !== undefined && run.checkpointEpoch >= 2 ? run : undefined;
  });
  assert.ok(killedWith !== undefined, `the member finished before it could be killed: ${stderr}`);
  const batch = onlyBatch(ws);
  const status = jsonLines((await runCli(['batch', 'status', batch, '--workspace', ws, '--json'])).stdout);
  assert.equal(status[0].state, 'interrupted', JSON.stringify(status));
  assert.equal(status[0].run, killedWith.id);

  const again = await runCli(['batch', 'resubmit', batch, '--workspace', ws, '--backend', 'wasm', '--json'], { timeoutMs: 300_000 });
  assert.equal(again.code, 0, describeRun(again));
  assert.deepEqual(jsonLines(again.stdout)[0], { batch, members: [0], executor: 'local' });
  assert.match(again.stderr, new RegExp(`note: member 0: resuming run ${killedWith.id} \\(interrupted, \\d of 8 epochs trained\\)`));
  const run = memberRun(ws, batch, 0)!;
  assert.equal(run.id, killedWith.id, 'the same run, not a new one');
  assert.equal(run.status, 'completed');
  assert.deepEqual(recordedEpochs(ws, run.id), [1, 2, 3, 4, 5, 6, 7, 8], 'each epoch once: the finished ones were kept, not trained again');
  // Nothing left to do: a second resubmission runs nothing.
  const none = await runCli(['batch', 'resubmit', batch, '--workspace', ws, '--json']);
  assert.deepEqual(jsonLines(none.stdout)[0], { batch, members: [], executor: 'local' });
});

test('external executor: the grid is recorded; run-member runs each member by index; collect gives one block per grid point', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'sbl-batch-ext-'));
  const r = await runCli(['batch', 'submit', '--executor', 'external', '--kind', 'blackbox', '--seeds', '1', '--set', 'epochs=1,2', ...SMALL, '--workspace', ws, '--json']);
  assert.equal(r.code, 0, describeRun(r));
  const batch = onlyBatch(ws);
  assert.deepEqual(jsonLines(r.stdout)[0], { batch, members: 2, executor: 'external' });
  const pending = jsonLines((await runCli(['batch', 'status', batch, '--workspace', ws, '--json'])).stdout);
  assert.deepEqual(pending.map((m) => [m.state, m.set]), [['pending', { epochs: '1' }], ['pending', { epochs: '2' }]]);
  // Member 0 by a Kubernetes completion index, member 1 by --member.
  const a = await runCli(['batch', 'run-member', batch, '--workspace', ws, '--backend', 'wasm', '--json'], { env: { JOB_COMPLETION_INDEX: '0' }, timeoutMs: 300_000 });
  assert.equal(a.code, 0, describeRun(a));
  const b = await runCli(['batch', 'run-member', batch, '--member', '1', '--workspace', ws, '--backend', 'wasm', '--json'], { timeoutMs: 300_000 });
  assert.equal(b.code, 0, describeRun(b));
  assert.equal(memberRun(ws, batch, 0)!.checkpointEpoch, 1);
  assert.equal(memberRun(ws, batch, 1)!.checkpointEpoch, 2);
  // Idempotent: running a finished member again does nothing and says so.
  const c = await runCli(['batch', 'run-member', batch, '--member', '1', '--workspace', ws, '--json']);
  assert.equal(c.code, 0, describeRun(c));
  assert.match(c.stderr, /note: member 1: run run-[a-z0-9-]+ finished before; nothing to do/);
  const lines = jsonLines((await runCli(['batch', 'collect', batch, '--workspace', ws, '--json'])).stdout);
  const cells = lines.filter((l) => l.method === 'rectgrad' && l.metric === 'zeroFractionInBox').map((l) => [l.cell, l.n, l.ci95, l.note]);
  assert.deepEqual(cells, [
    [{ epochs: '1' }, 1, null, '1 seed with a value: an interval needs at least 2'],
    [{ epochs: '2' }, 1, null, '1 seed with a value: an interval needs at least 2'],
  ]);
  assert.deepEqual(lines.at(-1), { missing: [], failed: [] });
});

/** A directory of fake Slurm tools: sinfo answers as `nodes` would; sbatch must never be reached. */
function fakeSlurm(nodes: string[]): { bin: string; sbatchCalled: () => boolean } {
  const bin = mkdtempSync(join(tmpdir(), 'sbl-fake-slurm-'));
  const marker = join(bin, 'sbatch-called');
  const script = (body: string) => `#!/bin/sh\n${body}\n`;
  writeFileSync(join(bin, 'sinfo'), script(`case "$*" in *%P*) echo 'debug*';; *) printf '%s\\n' ${nodes.join(' ')};; esac`));
  writeFileSync(join(bin, 'sbatch'), script(`touch ${marker}; echo 99`));
  for (const tool of ['squeue', 'scontrol', 'scancel']) writeFileSync(join(bin, tool), script('exit 0'));
  for (const tool of ['sinfo', 'sbatch', 'squeue', 'scontrol', 'scancel']) chmodSync(join(bin, tool), 0o755);
  return { bin, sbatchCalled: () => existsSync(marker) };
}

test('bad input: one line naming the flag or file, exit 2, no batch written and nothing submitted', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'sbl-batch-bad-'));
  const refuse = async (args: string[], message: RegExp | string, env?: NodeJS.ProcessEnv) => {
    const r = await runCli(['batch', 'submit', '--kind', 'blackbox', '--seeds', '1,2', ...args, '--workspace', ws], { env });
    assert.equal(r.code, 2, describeRun(r));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    if (typeof message === 'string') assert.equal(lines[0], `error: ${message}`);
    else assert.match(lines[0], message);
    assert.ok(!existsSync(join(ws, 'batches')) || onlyBatchOrNone(ws), 'no batch written');
  };
  const onlyBatchOrNone = (w: string) => {
    try {
      onlyBatch(w);
      return false;
    } catch {
      return true;
    }
  };
  await refuse(['--set', 'epochs=3,0'], '--set epochs=0: expected an integer in [1, 1000], got 0');
  await refuse(['--set', 'epochs'], '--set: expected FLAG=V1,V2 (e.g. --set epochs=3,5), got "epochs"');
  await refuse(['--set', 'colour=red'], /^error: --set colour=…: not a flag of experiment blackbox/);
  await refuse(['--seed', '4'], "--seed: a batch's seeds come from --seeds");
  await refuse(['--set', 'preprocessing=unit,sepia'], /^error: --set preprocessing=sepia: /);
  await refuse(['--partition', 'gpu'], '--partition: a Slurm option, but the executor is local (add --executor slurm)');
  await refuse(['--executor', 'slurm', '--time', 'soon'], '--time: expected a Slurm time limit (minutes, HH:MM:SS or D-HH:MM:SS), got "soon"');
  const r = await runCli(['batch', 'submit', '--kind', 'seeds', '--seeds', '1', '--workspace', ws]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: --kind: expected "blackbox" or "vae-concept" \(kinds that make a resumable run and take --seed\), got "seeds"\n$/);

  // Slurm missing from PATH.
  const empty = mkdtempSync(join(tmpdir(), 'sbl-no-slurm-'));
  await refuse(['--executor', 'slurm'], '--executor slurm: sbatch not found on PATH (install Slurm\'s client tools, or run the batch with --executor local)', { PATH: empty });
  // A partition the cluster does not have: sinfo is asked, sbatch never is.
  const local = fakeSlurm([execFileSync('hostname', ['-s'], { encoding: 'utf8' }).trim()]);
  await refuse(['--executor', 'slurm', '--partition', 'gpu'], '--partition: Slurm has no partition "gpu" (it has debug)', { PATH: `${local.bin}:${process.env.PATH}` });
  assert.equal(local.sbatchCalled(), false);
  // Compute nodes that are other machines, and a workspace on this machine's own disk.
  const fsType = execFileSync('stat', ['-f', '-c', '%T', ws], { encoding: 'utf8' }).trim();
  if (['ext2/ext3', 'ext4', 'xfs', 'btrfs', 'tmpfs', 'overlayfs'].includes(fsType)) {
    const remote = fakeSlurm(['node01', 'node02']);
    await refuse(['--executor', 'slurm'], new RegExp(`^error: --workspace: ${ws.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is on this machine's own ${fsType.replace('/', '\\/')} filesystem, which Slurm's nodes node01, node02 cannot see`), { PATH: `${remote.bin}:${process.env.PATH}` });
    assert.equal(remote.sbatchCalled(), false);
  }
  mkdirSync(join(ws, 'batches'), { recursive: true });
  const missing = await runCli(['batch', 'status', 'batch-nope', '--workspace', ws]);
  assert.match(missing.stderr, /^error: batch "batch-nope" not found in /);
});
