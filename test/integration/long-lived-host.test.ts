/**
 * Issue 16, "a long-lived host runs one VAE only": a server or desktop process runs many experiments in
 * one host and one worker. Three experiments of each kind, one after another, all complete (the second
 * VAE used to fail with "the decoder output layer has no bias"), and the host process's RSS after each is
 * printed (a diagnostic for the bench's figure, not asserted: the machine's noise decides it).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabHost } from '../../src/main/host/lab-host.ts';
import { unwrap } from '../../src/shared/result.ts';
import { writeGraphModel } from '../helpers/keras-files.ts';
import { noLeak, useBackend } from '../helpers/engine.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-long-host-'));
const host = new LabHost({ workspace: join(root, 'ws'), backend: 'wasm' });
after(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

const graphDir = join(root, 'graph');
before(async () => {
  // The model file is written by this process from a twin built on the cpu backend, then freed.
  await useBackend('cpu');
  await noLeak(() => writeGraphModel(graphDir).twin.dispose());
});

const KINDS: Array<[string, (seed: number) => unknown]> = [
  ['vae-concept', (seed) => ({ dataset: { size: 32, count: 60, seed }, train: { epochs: 1, seed }, concept: { perGroup: 8, seed }, maps: { perGroup: 1, methods: ['rectgrad', 'nobias-rectgrad'] } })],
  ['blackbox', (seed) => ({ dataset: { size: 16, count: 40, seed }, train: { epochs: 1, seed }, maps: { methods: ['rectgrad', 'nobias-rectgrad'], limit: 4 } })],
  ['resnet50', (seed) => ({ weights: graphDir, size: 6, count: 2, seed, maps: { methods: ['rectgrad', 'nobias-rectgrad'] } })],
];

test('three experiments of each kind, one after another, in one host: every one completes', async () => {
  const rss: string[] = [];
  for (const [kind, config] of KINDS) {
    for (const seed of [1, 2, 3]) {
      const r = await host.runExperiment(kind, config(seed));
      assert.ok(r.ok, `${kind} #${seed}: ${r.ok ? '' : r.error.message}`);
      const { run } = unwrap(r);
      assert.equal(run.status, 'completed', `${kind} #${seed}`);
      rss.push(`${kind}#${seed} ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
    }
  }
  process.stdout.write(`# host RSS after each experiment: ${rss.join(', ')}\n`);
  assert.equal(unwrap(await host.listRuns()).filter((r) => r.status === 'completed').length, 9);
});
