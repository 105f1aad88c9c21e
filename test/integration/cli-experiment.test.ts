/** `experiment`, `dataset`, `train` and `report` through the real command line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, BIN, runCli } from '../helpers/cli.ts';
import { assertEveryMapHasColourBar } from '../helpers/report-html.ts';
import { QUICK_ARGS, copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import type { TrainEvent } from '../../src/shared/run.ts';

const ws = mkdtempSync(join(tmpdir(), 'sbl-cli-exp-'));

type EpochEvent = Extract<TrainEvent, { type: 'epoch' }>;

/** A run's epoch events, from its metrics.jsonl. */
function epochEvents(runDir: string): EpochEvent[] {
  return readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((e) => e.type === 'epoch');
}

/** The bytes of a checkpoint's weight files, in model.json's order. */
function checkpointWeights(runDir: string, epoch: number): Buffer {
  const dir = join(runDir, 'checkpoints', `epoch-${String(epoch).padStart(3, '0')}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest as Array<{ paths: string[] }>;
  return Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p)))));
}

test('experiment blackbox --quick --json prints the summary object and writes a run folder with a report', async () => {
  // The quick preset as a user gets it (600 images of 32², 8 epochs): enough to learn the task. The
  // command ran once for this test run, building the shared trained fixture (test/helpers/trained-fixture.ts,
  // QUICK_ARGS are the flags this test gave it); what it printed is checked here, and its workspace is
  // copied for the commands after it.
  assert.deepEqual(QUICK_ARGS, ['experiment', 'blackbox', '--quick', '--methods', 'rectgrad,nobias-rectgrad', '--limit', '10', '--backend', 'wasm', '--json']);
  const fixture = await copyTrainedWorkspace(join(mkdtempSync(join(tmpdir(), 'sbl-cli-quick-')), 'ws'));
  const r = fixture.quick;
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.deepEqual(Object.keys(out).sort(), ['backend', 'comparisons', 'metrics', 'report', 'runDir', 'runId', 'testAccuracy']);
  assert.equal(out.runDir, join(fixture.builtAt, 'runs', out.runId), 'the run folder is in the workspace given');
  assert.equal(out.report, join(out.runDir, 'report', 'report.html'));
  // The printed paths, in the copy.
  const runDir = join(fixture.workspace, 'runs', out.runId);
  const reportPath = join(runDir, 'report', 'report.html');
  assert.equal(out.backend, 'wasm');
  // The trained model finds the boxes: the 120 balanced test images are classified far above chance
  // (≥ 96 right has probability < 1e-10 for a coin), and the summary reports the last epoch's number.
  assert.ok(out.testAccuracy >= 0.8, `test accuracy ${out.testAccuracy} of the quick preset's model`);
  const epochs = epochEvents(runDir);
  assert.deepEqual(epochs.map((e) => e.epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(out.testAccuracy, epochs.at(-1)!.testAccuracy);
  assert.deepEqual(Object.keys(out.metrics).sort(), ['nobias-rectgrad', 'rectgrad']);
  for (const m of Object.values(out.metrics) as Array<Record<string, number> & { n: Record<string, number> }>) {
    assert.deepEqual(Object.keys(m).sort(), ['auroc', 'boxMassShare', 'enrichment', 'images', 'n', 'pointingGame', 'zeroFractionInBox']);
    assert.equal(m.images, 10);
    for (const [k, n] of Object.entries(m.n)) assert.ok(Number.isInteger(n) && n >= 0 && n <= m.images, `${k}: defined for ${n} of ${m.images}`);
  }
  assert.equal(out.metrics.rectgrad.zeroFractionInBox, 1);
  for (const f of ['manifest.json', 'metrics.jsonl', 'checkpoints/latest.json', 'saliency/rectgrad.npy', 'saliency/rectgrad.json', 'report/report.html']) {
    assert.ok(existsSync(join(runDir, f)), f);
  }
  assert.ok(assertEveryMapHasColourBar(readFileSync(reportPath, 'utf8')) > 0);
  const again = await runCli(['report', '--run', out.runId, '--workspace', fixture.workspace]);
  assert.equal(again.code, 0, describeRun(again));
  assert.equal(again.stdout.trim(), reportPath);
  const list = await runCli(['list', '--workspace', fixture.workspace, '--json']);
  assert.ok(JSON.parse(list.stdout).runs.some((x: { id: string }) => x.id === out.runId));
});

test('a killed training process resumes from its last checkpoint with --resume, to the weights of a straight run', async () => {
  const ds = await runCli(['dataset', 'blackbox', '--size', '32', '--count', '200', '--seed', '5', '--workspace', ws, '--json']);
  assert.equal(ds.code, 0, describeRun(ds));
  const { datasetId } = JSON.parse(ds.stdout);
  // Start training, kill -9 the whole process as soon as the first epoch is checkpointed.
  const child = spawn(process.execPath, [BIN, 'train', '--dataset', datasetId, '--epochs', '6', '--workspace', ws], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (/epoch 1\/6/.test(err)) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('close', () => resolve());
  });
  await new Promise((r) => child.on('close', r));
  const list = JSON.parse((await runCli(['list', '--workspace', ws, '--json'])).stdout);
  const run = list.runs.find((x: { datasetId: string }) => x.datasetId === datasetId);
  assert.equal(run.status, 'interrupted', 'a killed run is found interrupted, with its checkpoint (issue 7)');
  assert.ok(run.checkpointEpoch >= 1);
  const resumed = await runCli(['train', '--resume', run.id, '--workspace', ws, '--json'], { timeoutMs: 300_000 });
  assert.equal(resumed.code, 0, describeRun(resumed));
  const manifest = JSON.parse(readFileSync(join(ws, 'runs', run.id, 'manifest.json'), 'utf8'));
  assert.equal(manifest.status, 'completed');
  assert.equal(manifest.checkpointEpoch, 6);
  const runDir = join(ws, 'runs', run.id);
  const epochs = epochEvents(runDir);
  assert.deepEqual([...new Set(epochs.map((e) => e.epoch))], [1, 2, 3, 4, 5, 6]);
  // The same training run straight through, in one process: the resumed run ends with the same weights,
  // byte for byte, and the same test numbers (seeded init and shuffles, optimizer state in the checkpoint).
  const straight = await runCli(['train', '--dataset', datasetId, '--epochs', '6', '--workspace', ws, '--json'], { timeoutMs: 300_000 });
  assert.equal(straight.code, 0, describeRun(straight));
  const straightDir = JSON.parse(straight.stdout.trim().split('\n').at(-1)!).runDir as string;
  assert.notEqual(straightDir, runDir);
  assert.ok(checkpointWeights(runDir, 6).equals(checkpointWeights(straightDir, 6)), `weights after epoch 6: resumed from epoch ${run.checkpointEpoch} vs straight`);
  const numbers = (e: EpochEvent) => [e.epoch, e.loss, e.accuracy, e.valLoss, e.valAccuracy, e.testLoss, e.testAccuracy];
  assert.deepEqual(numbers(epochs.at(-1)!), numbers(epochEvents(straightDir).at(-1)!));
});

test('dataset and experiment bad flags: one line, non-zero exit', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['dataset', 'blackbox', '--size', 'big', '--workspace', ws], /--size: expected an integer in \[16, 512\], got "big"/],
    [['dataset', 'blackbox', '--source', join(ws, 'nope'), '--workspace', ws], /nope: not found/],
    [['experiment', 'blackbox', '--methods', 'rectgrad,magic', '--workspace', ws], /--methods: expected one of gradient, .*, got "magic"/],
    [['train', '--workspace', ws], /--dataset ID is required/],
    [['train', '--dataset', 'ds-nope', '--workspace', ws], /dataset "ds-nope" not found/],
    [['experiment', 'owls', '--workspace', ws], /expected "blackbox"/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runCli(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr.split('\n')[0], pattern);
    assert.ok(!r.stderr.includes('    at '), `no stack trace: ${r.stderr}`);
  }
});

test('flags of the wrong type or out of range: one line naming the flag, exit 2, before anything is built', async () => {
  const fresh = mkdtempSync(join(tmpdir(), 'sbl-cli-flags-'));
  // A few through the real binary (exit code, one line); the full flag table runs in-process in test/unit/main/cli/flags.test.ts.
  const cases: Array<[string[], string]> = [
    [['train', '--dataset', 'ds-x', '--epochs', 'ten'], '--epochs: expected an integer in [1, 1000], got "ten"'],
    [['dataset', 'blackbox', '--count', '2'], '--count: expected an integer in [4, 100000], got 2'],
    // A late flag must fail before the dataset and the training it would otherwise wait for.
    [['experiment', 'blackbox', '--quick', '--q', '120'], '--q: expected a number in [0, 100], got 120'],
  ];
  for (const [args, message] of cases) {
    const r = await runCli([...args, '--workspace', fresh]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${describeRun(r)}`);
    assert.equal(r.stderr.trim(), `error: ${message}`, args.join(' '));
  }
  const entries = (d: string) => (existsSync(join(fresh, d)) ? readdirSync(join(fresh, d)) : []);
  assert.deepEqual(entries('datasets'), [], 'nothing was built');
  assert.deepEqual(entries('runs'), []);
});
