/**
 * `npm run bench -- host [--quick]`: experiments of every kind, one after another, in one long-lived host
 * (as the web server and the desktop app run them), printing the host process's RSS after each: issue 16
 * saw ~9 MB growth per ResNet50 experiment; a flat line says memory levels off. One JSON object per line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendChoice } from '../src/shared/engine.ts';
import { unwrap } from '../src/shared/result.ts';
import { LabHost } from '../src/main/host/lab-host.ts';
import { initEngine } from '../src/worker/engine/backend.ts';
import { tf } from '../src/worker/engine/tf.ts';
import { writeGraphModel } from '../test/helpers/keras-files.ts';

export async function benchHost({ backend, quick }: { backend: BackendChoice; quick: boolean }): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'sbl-bench-host-'));
  const graphDir = join(root, 'graph');
  await initEngine('wasm');
  await tf.setBackend('cpu');
  writeGraphModel(graphDir, 32, 8, 10).twin.dispose();
  const host = new LabHost({ workspace: join(root, 'ws'), backend });
  const repeats = quick ? 3 : 10;
  const kinds: Array<[string, (seed: number) => unknown]> = [
    ['vae-concept', (seed) => ({ dataset: { size: 32, count: 120, seed }, train: { epochs: 1, seed }, concept: { perGroup: 10, seed }, maps: { perGroup: 2 } })],
    ['blackbox', (seed) => ({ dataset: { size: 32, count: 120, seed }, train: { epochs: 1, seed }, maps: { limit: 8 } })],
    ['resnet50', (seed) => ({ weights: graphDir, size: 32, count: 8, seed })],
  ];
  const mb = (b: number) => Math.round(b / 2 ** 20);
  try {
    for (const [kind, config] of kinds) {
      for (let i = 1; i <= repeats; i++) {
        const started = performance.now();
        unwrap(await host.runExperiment(kind, config(i)));
        const m = process.memoryUsage();
        console.log(JSON.stringify({ bench: 'host-rss', kind, experiment: i, of: repeats, seconds: +((performance.now() - started) / 1000).toFixed(2), rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external) }));
      }
    }
  } finally {
    await host.close();
    rmSync(root, { recursive: true, force: true });
  }
}
