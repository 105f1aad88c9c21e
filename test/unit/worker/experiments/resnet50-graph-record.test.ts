/**
 * Issue 15, item 3: a resnet50 run records the graph its Keras ResNet was built on, and says it in its
 * stored results, its summary (CLI text and --json) and its report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../../src/shared/saliency.ts';
import type { RunManifest } from '../../../../src/shared/run.ts';
import { runModelMaps } from '../../../../src/worker/experiments/resnet50/pipeline.ts';
import { resnet50Experiment } from '../../../../src/main/host/experiments/resnet50/definition.ts';
import { resnet50Report } from '../../../../src/main/host/experiments/resnet50/report.ts';
import { writeReportFile } from '../../../../src/main/host/report/write-report.ts';
import type { LabHost } from '../../../../src/main/host/lab-host.ts';
import type { Workspace } from '../../../../src/main/host/workspace.ts';
import { noLeak, useBackend } from '../../../helpers/engine.ts';
import { writeKerasResnetH5 } from '../../../helpers/keras-files.ts';

test('a run on the unpadded graph records it in model-maps.json, the summary, the CLI text and the report', async () => {
  await useBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'sbl-graph-run-'));
  const h5 = join(dir, 'keras1.h5');
  await writeKerasResnetH5(h5, { naming: 'keras1' });
  await noLeak(() =>
    runModelMaps(
      {
        model: { kind: 'keras-h5', path: h5, kerasGraph: 'no-pool1-pad' },
        size: 32,
        preset: 'caffe',
        images: { kind: 'generated', count: 1, seed: 1 },
        target: null,
        methods: ['gradient'],
        options: DEFAULT_SALIENCY_OPTIONS,
        bins: 4,
        runDir: dir,
      },
      () => {},
      () => false,
    ),
  );
  const stored = JSON.parse(readFileSync(join(dir, 'model-maps.json'), 'utf8')) as { inspection: { kerasGraph?: string; pooledSide?: number } };
  assert.equal(stored.inspection.kerasGraph, 'no-pool1-pad');
  assert.equal(stored.inspection.pooledSide, 7, '32 → 16 after conv1 → 7 after the unpadded 3×3/2 pool');

  const run = { id: 'run-1', name: 'graph run' } as RunManifest;
  const host = { workspace: { runDir: () => dir } } as unknown as LabHost;
  const summary = await resnet50Experiment.summarize(host, run);
  assert.equal(summary.kerasGraph, 'no-pool1-pad');
  assert.equal(summary.pooledSide, 7);
  const text = resnet50Experiment.describe(summary).join('\n');
  assert.match(text, /graph: no padding before the 3×3\/2 max-pool \(Keras 1, Keras ≤ 2\.2\.2, keras-applications ≤ 1\.0\.4\); 7×7 after the stem max-pool/);

  const ws = { readRun: () => run, runDir: () => dir } as unknown as Workspace;
  const html = readFileSync(await writeReportFile(dir, 'run-1', await resnet50Report(ws, 'run-1'), []), 'utf8');
  assert.match(html, /data-graph="no-pool1-pad">Keras ResNet graph: no padding before the 3×3\/2 max-pool/);
});
