/**
 * The CLI's flags → contract mapping, in-process (the real binary runs a few of these in
 * test/integration/cli-*.test.ts). Each command refuses a bad flag before it builds a host, so calling
 * the command itself is safe and quick: nothing is opened, spawned or written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetCommand, datasetConfigFromFlags } from '../../../../src/main/cli/commands/dataset.ts';
import { trainCommand, trainConfigFromFlags, trainRequestFromFlags } from '../../../../src/main/cli/commands/train.ts';
import { experimentCommand } from '../../../../src/main/cli/commands/experiment.ts';
import { saliencyCommand } from '../../../../src/main/cli/commands/saliency.ts';
import type { Flags } from '../../../../src/main/cli/flags.ts';
import { DEFAULT_BLACKBOX_DATASET } from '../../../../src/shared/dataset.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../../../src/shared/run.ts';

const ws = join(mkdtempSync(join(tmpdir(), 'sbl-flags-')), 'ws');
const saliencyBase: Flags = { model: '/nowhere/model.json', input: '/nowhere/x.npy', method: 'smoothgrad', out: join(ws, 'never.npy') };

/** [command, flags, the one-line message]. */
const TABLE: Array<['dataset' | 'train' | 'experiment' | 'saliency', Flags, string]> = [
  ['dataset', { size: 'big' }, '--size: expected an integer in [16, 512], got "big"'],
  ['dataset', { size: '64.5' }, '--size: expected an integer in [16, 512], got 64.5'],
  ['dataset', { count: '2' }, '--count: expected an integer in [4, 100000], got 2'],
  ['dataset', { count: '' }, '--count: expected an integer in [4, 100000], got ""'],
  ['dataset', { seed: 'abc' }, '--seed: expected an integer in [-2147483648, 2147483647], got "abc"'],
  ['dataset', { size: '512', count: '20000' }, '--count: 20000 images of 512² pixels need 14.6 GiB at once, more than the 2.0 GiB a run may hold; at most 2730 at this size, or use smaller images'],
  ['dataset', { source: 'imagenette', url: 'ftp://example.org/x.tgz' }, '--url: expected an http(s) URL, got "ftp://example.org/x.tgz"'],
  ['train', { dataset: 'ds-x', epochs: 'ten' }, '--epochs: expected an integer in [1, 1000], got "ten"'],
  ['train', { dataset: 'ds-x', epochs: '2.5' }, '--epochs: expected an integer in [1, 1000], got 2.5'],
  ['train', { dataset: 'ds-x', epochs: '5000' }, '--epochs: expected an integer in [1, 1000], got 5000'],
  ['train', { dataset: 'ds-x', batch: '0' }, '--batch: expected an integer in [1, 4096], got 0'],
  ['train', { dataset: 'ds-x', lr: '2' }, '--lr: expected a number in (0, 1), got 2'],
  ['train', { dataset: 'ds-x', lr: 'fast' }, '--lr: expected a number in (0, 1), got "fast"'],
  ['train', { dataset: '../../etc' }, '--dataset: expected an id (lower-case letters, digits and dashes), got "../../etc"'],
  ['train', { resume: 'Run X' }, '--resume: expected an id (lower-case letters, digits and dashes), got "Run X"'],
  ['train', { dataset: 'ds-x', backend: 'gpu' }, '--backend: expected one of auto, tensorflow, wasm, cpu, got "gpu"'],
  ['train', { resume: 'run-x', epochs: '3' }, '--epochs: not with --resume (a resumed run keeps the config it recorded)'],
  ['train', { resume: 'run-x', dataset: 'ds-x' }, '--dataset: not with --resume (a resumed run keeps the config it recorded)'],
  ['experiment', { q: '120' }, '--q: expected a number in [0, 100], got 120'],
  ['experiment', { 'padding-trick': 'maybe' }, '--padding-trick: expected on or off, got "maybe"'],
  ['experiment', { limit: 'all' }, '--limit: expected an integer in [1, 100000], got "all"'],
  ['experiment', { methods: 'rectgrad,rectgrad' }, '--methods: lists a method twice'],
  ['experiment', { methods: 'rectgrad,magic' }, '--methods: expected one of gradient, gradient-x-input, guided-backprop, rectgrad, nobias-rectgrad, integrated-gradients, smoothgrad, got "magic"'],
  ['experiment', { quick: true, epochs: '0' }, '--epochs: expected an integer in [1, 1000], got 0'],
  ['experiment', { count: 'many' }, '--count: expected an integer in [4, 100000], got "many"'],
  ['saliency', { method: 'magic' }, '--method: expected one of gradient, gradient-x-input, guided-backprop, rectgrad, nobias-rectgrad, integrated-gradients, smoothgrad, got "magic"'],
  ['saliency', { q: 'high' }, '--q: expected a number in [0, 100], got "high"'],
  ['saliency', { q: '101' }, '--q: expected a number in [0, 100], got 101'],
  ['saliency', { steps: '2.5' }, '--steps: expected an integer in [1, 1000], got 2.5'],
  ['saliency', { samples: '0' }, '--samples: expected an integer in [1, 1000], got 0'],
  ['saliency', { percentile: 'cubic' }, '--percentile: expected "nearest" or "linear", got "cubic"'],
  ['saliency', { 'padding-trick': 'yes' }, '--padding-trick: expected on or off, got "yes"'],
  ['saliency', { 'times-input': '1' }, '--times-input: expected on or off, got "1"'],
  ['saliency', { inner: 'smoothgrad' }, '--inner: smoothgrad cannot wrap itself'],
  ['saliency', { inner: 'magic' }, '--inner: expected one of gradient, gradient-x-input, guided-backprop, rectgrad, nobias-rectgrad, integrated-gradients, got "magic"'],
  ['saliency', { class: '-1' }, '--class: expected an integer in [0, 2147483647], got -1'],
  ['saliency', { class: 'cat' }, '--class: expected an integer in [0, 2147483647], got "cat"'],
  // Integrated Gradients' baseline: a number, a colour per channel, or black / mean / blur (issue 15).
  ['saliency', { baseline: 'grey' }, '--baseline: expected a number in [-1000, 1000], a list of per-channel numbers, or one of black, mean, blur, got "grey"'],
  ['saliency', { baseline: '0.1,x,0.3' }, '--baseline: expected a number in [-1000, 1000], a list of per-channel numbers, or one of black, mean, blur, got an array'],
];

const COMMANDS = {
  dataset: (f: Flags) => datasetCommand(f, ['blackbox']),
  train: (f: Flags) => trainCommand(f),
  experiment: (f: Flags) => experimentCommand(f, ['blackbox']),
  saliency: (f: Flags) => saliencyCommand({ ...saliencyBase, ...f }),
};

test('a bad flag is refused with one line naming the flag, before anything is opened', async () => {
  for (const [command, flags, message] of TABLE) {
    await assert.rejects(COMMANDS[command]({ workspace: ws, ...flags }), (e: Error & { kind?: string }) => {
      assert.equal(e.message, message, `${command} ${JSON.stringify(flags)}`);
      assert.equal(e.kind, 'bad-input');
      return true;
    });
  }
  assert.ok(!existsSync(ws), 'no workspace was opened');
});

test('good flags become the parsed config: defaults filled in, numbers as numbers', () => {
  assert.deepEqual(datasetConfigFromFlags({ size: '32', count: '100', seed: '7', name: 'n' }), { ...DEFAULT_BLACKBOX_DATASET, size: 32, count: 100, seed: 7, name: 'n' });
  assert.deepEqual(datasetConfigFromFlags({}, { size: 32, count: 600 }), { ...DEFAULT_BLACKBOX_DATASET, size: 32, count: 600 });
  const { backend: _backend, ...defaults } = DEFAULT_TRAIN_CONFIG;
  assert.deepEqual(trainConfigFromFlags({ epochs: '3', lr: '1e-2' }), { ...defaults, epochs: 3, learningRate: 0.01 });
  assert.deepEqual(trainConfigFromFlags({}, { epochs: 8 }), { ...defaults, epochs: 8 });
  assert.deepEqual(trainRequestFromFlags({ resume: 'run-x' }), { resumeRunId: 'run-x' });
  assert.deepEqual(trainRequestFromFlags({ dataset: 'ds-x', batch: '8' }), { datasetId: 'ds-x', config: { ...defaults, batchSize: 8 } });
});
