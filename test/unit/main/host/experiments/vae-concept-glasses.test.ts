/**
 * Issue 15, item 6: a vae-concept run says how many of its dataset's faces have dark glasses, clear
 * glasses and none, and how dark was told from clear, in its summary (CLI --json) and its text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DARK_LENS_THRESHOLD, LENS_DARKNESS_RULE } from '../../../../../src/shared/faces.ts';
import type { RunManifest } from '../../../../../src/shared/run.ts';
import type { LabHost } from '../../../../../src/main/host/lab-host.ts';
import { vaeConceptExperiment } from '../../../../../src/main/host/experiments/vae-concept/definition.ts';

test('the summary and its text carry the dataset’s dark / clear / none counts and the lens-darkness rule', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sbl-vae-glasses-'));
  const dsDir = join(root, 'datasets', 'ds-1');
  mkdirSync(dsDir, { recursive: true });
  const split = { by: 'lens-darkness', threshold: DARK_LENS_THRESHOLD, rule: LENS_DARKNESS_RULE };
  writeFileSync(join(dsDir, 'manifest.json'), JSON.stringify({ id: 'ds-1', kind: 'faces', eyeglassesStyles: { dark: 7, clear: 31, none: 162 }, eyeglassesSplit: split }));
  const host = { workspace: { runDir: () => join(root, 'runs', 'run-1'), datasetDir: () => dsDir, datasetsDir: join(root, 'datasets') } } as unknown as LabHost;
  const run = { id: 'run-1', config: { datasetId: 'ds-1' } } as unknown as RunManifest;
  const s = await vaeConceptExperiment.summarize(host, run);
  assert.deepEqual(s.eyeglasses, { dark: 7, clear: 31, none: 162, split });
  assert.ok(vaeConceptExperiment.describe(s).includes(`faces: 7 dark glasses, 31 clear, 162 none (dark vs clear by lens luma < ${DARK_LENS_THRESHOLD})`), vaeConceptExperiment.describe(s).join('\n'));

  // A dataset made before the split was measured says so instead of passing its 'clear' off as measured.
  writeFileSync(join(dsDir, 'manifest.json'), JSON.stringify({ id: 'ds-1', kind: 'faces', eyeglassesStyles: { dark: 0, clear: 38, none: 162 } }));
  const old = await vaeConceptExperiment.summarize(host, run);
  assert.equal(old.eyeglasses?.split, null);
  assert.ok(vaeConceptExperiment.describe(old).some((l) => l.includes('dark vs clear not measured')));
});
