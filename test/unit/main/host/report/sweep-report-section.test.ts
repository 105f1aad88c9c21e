/**
 * The sweep in every front door but the app (issue 15, items 7 and 9): the report's section and the CLI's
 * `--json` summary and text say which panel is a measurement and which an illustration of x ⊙ R, and give
 * the elements per bin with the minimum a bin needs to be the lowest. Older sweep files still read.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepSection } from '../../../../../src/main/host/experiments/sweep/report-section.ts';
import { sweepExperiment } from '../../../../../src/main/host/experiments/sweep/definition.ts';
import { readSweepFile } from '../../../../../src/main/host/experiments/sweep/sweep-file.ts';
import type { LabHost } from '../../../../../src/main/host/lab-host.ts';
import type { RunManifest } from '../../../../../src/shared/run.ts';
import type { SweepFile, SweepPanel } from '../../../../../src/shared/sweep.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../../../src/shared/saliency.ts';

const panel = (preset: SweepPanel['preset'], own: boolean, counts: number[]): SweepPanel => ({
  preset,
  own,
  evidence: own ? 'measurement' : 'illustration',
  zeroPoint: 0.5,
  zeroPointRgb: [0.5, 0.5, 0.5],
  zeroPointBin: 0.5,
  bins: [1 / 6, 0.5, 5 / 6],
  binEdges: [0, 1 / 3, 2 / 3, 1],
  counts,
  minBinCount: 10,
  methods: {
    rectgrad: { meanAbsS: [1, 0.01, 0.5], lowestBin: 0.5, meanAbsSAll: 0.5, relative: [2, 0.02, 1] },
    'nobias-rectgrad': { meanAbsS: [1, 1, 1], lowestBin: 1 / 6, meanAbsSAll: 1, relative: [1, 1, 1] },
  },
  suppressedBin: 0.5,
});

const file: SweepFile = {
  runId: 'run-1',
  preprocessing: 'centred',
  binCount: 3,
  minBinCount: 10,
  options: DEFAULT_SALIENCY_OPTIONS,
  backend: null,
  createdAt: '2026-01-01T00:00:00Z',
  indices: [1, 2],
  target: 1,
  panels: [panel('paper', true, [40, 30, 3]), panel('caffe', false, [50, 20, 3])],
};

async function withFile(content: unknown, fn: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-section-'));
  try {
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify(content));
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('report: each preset row and chart says measurement or illustration; counts and the minimum are shown', async () => {
  await withFile(file, async (dir) => {
    const html = await sweepSection(dir);
    assert.match(html, /<tr data-evidence="measurement"><th>\[−0\.5, 0\.5\][^<]*<span class="tag"[^>]*>measurement \(trained on\)<\/span>/);
    assert.match(html, /<tr data-evidence="illustration"><th>Keras caffe[^<]*<span class="tag"[^>]*>illustration \(not trained on\)<\/span>/);
    assert.match(html, /<td>40 30 <span class="sparse">3<\/span><\/td>/, 'elements per bin, the sparse one marked');
    assert.match(html, /at least|≥ 10 elements/);
    assert.match(html, /illustrations of x ⊙ R/);
    assert.ok(html.includes('illustration of x ⊙ R (not trained on)'), 'the chart title says it too');
  });
});

test('CLI: --json panels carry own, evidence, binEdges, binCounts and minBinCount; the text names each panel', async () => {
  await withFile(file, async (dir) => {
    const host = { workspace: { runDir: () => dir } } as unknown as LabHost;
    const s = await sweepExperiment.summarize(host, { id: 'run-1' } as RunManifest);
    assert.equal(s.own, true);
    assert.equal(s.evidence, 'measurement');
    assert.deepEqual(s.binCounts, [40, 30, 3]);
    assert.equal(s.minBinCount, 10);
    assert.deepEqual(s.binEdges, [0, 0.3333, 0.6667, 1]);
    assert.equal(s.methods.rectgrad.lowestBin, 0.5, 'existing keys stay');
    assert.equal(s.presets!.caffe.evidence, 'illustration');
    assert.equal(s.presets!.caffe.own, false);
    const text = sweepExperiment.describe(s).join('\n');
    assert.match(text, /paper — measurement: the model's own preprocessing \(centred\)/);
    assert.match(text, /caffe — illustration of x ⊙ R: a preprocessing the model was not trained on, not a measurement/);
    assert.match(text, /"lowest" only among bins with ≥ 10 elements/);
    assert.match(text, /elements per bin 40 30 3/);
  });
});

test('an older sweep file (no evidence, edges or minimum) reads as what it computed', async () => {
  const old = { ...file, minBinCount: undefined, panels: file.panels.map(({ evidence: _e, binEdges: _b, minBinCount: _m, ...p }) => ({ ...p, bins: [0, 0.5, 1] })) };
  await withFile(old, async (dir) => {
    const f = (await readSweepFile(dir))!;
    assert.equal(f.minBinCount, 1);
    assert.deepEqual(f.panels.map((p) => p.evidence), ['measurement', 'illustration']);
    assert.deepEqual(f.panels[0].binEdges, [0, 0.25, 0.75, 1]);
    assert.equal(f.panels[0].minBinCount, 1);
  });
});
