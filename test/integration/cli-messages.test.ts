/**
 * The command line's messages (issue 21): a mistyped flag or command gets "did you mean", an id that
 * names nothing is bad input (exit 2) like a missing file, a long default run says how long before it
 * starts, and a `--json` run whose stderr is not a terminal still writes progress lines there while
 * stdout keeps its one JSON line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, describeRun, runCli } from '../helpers/cli.ts';

const ws = mkdtempSync(join(tmpdir(), 'sbl-cli-messages-'));

test('a mistyped flag or command is named with the closest one', async () => {
  const flag = await runCli(['experiment', 'blackbox', '--epoch', '3', '--workspace', ws]);
  assert.equal(flag.code, 2);
  assert.equal(flag.stderr, 'error: --epoch: not a flag of saliency-lab experiment; did you mean --epochs?\n');
  const kindFlag = await runCli(['analyse', 'seeds', '--run', 'run-x', '--seed', '3', '--workspace', ws]);
  assert.equal(kindFlag.code, 2);
  assert.equal(kindFlag.stderr, 'error: --seed: not a flag of experiment seeds; did you mean --seeds?\n');
  const command = await runCli(['experimnt', 'blackbox']);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /^error: unknown command "experimnt"; did you mean experiment\?\n/);
  const far = await runCli(['experiment', 'blackbox', '--iterations', '3', '--workspace', ws]);
  assert.equal(far.stderr, 'error: --iterations: not a flag of saliency-lab experiment (saliency-lab experiment --help lists them)\n');
});

test('an id that names nothing is bad input, exit 2, like a missing file', async () => {
  const run = await runCli(['report', '--run', 'run-20260101-000000-none', '--workspace', ws]);
  assert.equal(run.code, 2, describeRun(run));
  assert.match(run.stderr, /^error: run "run-20260101-000000-none" not found in /);
  const file = await runCli(['saliency', '--model', join(ws, 'nope', 'model.json'), '--input', join(ws, 'nope.png'), '--method', 'gradient', '--out', join(ws, 'o.json')]);
  assert.equal(file.code, 2, describeRun(file));
});

/** Runs the command until `stop` matches its stderr (then SIGINT, as Ctrl-C), or to its end. */
function runUntil(args: string[], stop: RegExp | null, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stop !== null && stop.test(stderr)) child.kill('SIGKILL');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('a long default run says how long it will take before it starts; a quick one does not', async () => {
  const long = await runUntil(['experiment', 'blackbox', '--workspace', ws, '--backend', 'wasm', '--json'], /note: expected/);
  assert.match(long.stderr, /^note: expected to take about \d+m\d\ds on a 2-core machine \(this kind's measured pace, scaled by images, epochs and pixels\); --quick tries it in about \d+s\n/);
  const vae = await runUntil(['experiment', 'vae-concept', '--workspace', ws, '--backend', 'wasm'], /note: expected/);
  assert.match(vae.stderr, /note: expected to take about 7m00s/);
});

test('--json with stderr not a terminal: progress and epoch lines on stderr, one JSON line on stdout', async () => {
  const r = await runUntil(['experiment', 'blackbox', '--quick', '--count', '240', '--epochs', '3', '--workspace', ws, '--backend', 'wasm', '--json'], null, { SBL_PROGRESS_EVERY_MS: '300' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
  JSON.parse(r.stdout);
  assert.doesNotMatch(r.stderr, /note: expected/, 'a quick run is short: no warning');
  assert.match(r.stderr, /^epoch 3\/3: loss /m);
  assert.match(r.stderr, /^progress: \S+ .*\d+\/\d+ \(\d+%\) ETA /m);
  assert.ok(!r.stderr.includes('\u001b['), 'no terminal control codes in a log');
});
