/**
 * Experiment 3's binned curve outside the app (issue 15, item 9): the report's chart leaves a one-element
 * bin off the curve and shows every count; the CLI's `--json` adds bins, binEdges, binCounts and
 * minBinCount (keeping the metrics' keys) and its text states the rule. Older runs read with minimum 1.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binnedOption } from '../../../../../src/main/host/experiments/resnet50/report.ts';
import { resnet50Experiment } from '../../../../../src/main/host/experiments/resnet50/definition.ts';
import type { LabHost } from '../../../../../src/main/host/lab-host.ts';
import type { RunManifest } from '../../../../../src/shared/run.ts';

const counts = [14615, 12308, 8600, 8688, 4940, 1, 0, 0, 0, 0];
const stored = {
  inspection: { kind: 'keras-h5', inputShape: [224, 224, 3], outputCount: 1000, architecture: 'ResNet50', notes: [] },
  backend: { name: 'cpu' },
  names: ['a.png'],
  skipped: [],
  top5: [[{ index: 24, logit: 9, probability: 0.9 }]],
  targets: [24],
  bins: counts.map((_, k) => (k + 0.5) / 10),
  binEdges: Array.from({ length: 11 }, (_, k) => k / 10),
  minBinCount: 100,
  zeroPoint: [0.485, 0.458, 0.408],
  methods: {
    rectgrad: { timesInput: true, zeroPointSuppression: 0.01, lowestBin: 0.05, intensitySpearman: 0.4, meanAbsS: [0.01, 1, 1, 1, 1, 0.0001, null, null, null, null], counts },
  },
  notHonoured: [],
  preset: 'caffe',
  size: 224,
  scatter: {},
};

test('report chart: the one-element bin is a hollow point off the curve, empty bins are gaps, every bin has its count', () => {
  const o = binnedOption(stored as never) as { series: Array<{ name: string; type: string; data: unknown[]; label?: { formatter: (p: { dataIndex: number }) => string } }> };
  const line = o.series[0].data as Array<[number, number | null]>;
  assert.equal(line[5][1], null);
  assert.deepEqual(line.slice(6).map((p) => p[1]), [null, null, null, null]);
  assert.deepEqual(o.series.find((s) => s.type === 'scatter')!.data, [[0.55, Math.max(1e-6, 0.0001 / ((0.01 * 14615 + 12308 + 8600 + 8688 + 4940 + 0.0001) / 49152))]]);
  const bars = o.series.find((s) => s.name === 'elements per bin')!;
  assert.equal(bars.label!.formatter({ dataIndex: 5 }), '1');
});

async function withRun(content: unknown, fn: (host: LabHost) => Promise<void> | void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'resnet50-bins-'));
  try {
    writeFileSync(join(dir, 'model-maps.json'), JSON.stringify(content));
    await fn({ workspace: { runDir: () => dir } } as unknown as LabHost);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('CLI: --json adds the bins, their counts and the minimum; metrics keep their three keys (plus the n of ρ and of images); the text states the rule', async () => {
  await withRun(stored, async (host) => {
    const s = await resnet50Experiment.summarize(host, { id: 'run-r' } as RunManifest);
    assert.deepEqual(s.binCounts, counts);
    assert.equal(s.minBinCount, 100);
    assert.equal(s.bins.length, 10);
    assert.equal(s.binEdges.length, 11);
    assert.deepEqual(Object.keys(s.metrics.rectgrad).sort(), ['images', 'intensitySpearman', 'intensitySpearmanN', 'lowestBin', 'zeroPointSuppression']);
    const text = resnet50Experiment.describe(s).join('\n');
    assert.match(text, /distance bins: 10 equal bins of \[0, 1\]; "lowest" only among bins with ≥ 100 elements; elements per bin 14615 12308 8600 8688 4940 1 0 0 0 0/);
  });
});

test('an older run without edges or a minimum reads with minimum 1 (every non-empty bin took part then)', async () => {
  const { binEdges: _e, minBinCount: _m, ...old } = stored;
  await withRun(old, async (host) => {
    const s = await resnet50Experiment.summarize(host, { id: 'run-r' } as RunManifest);
    assert.equal(s.minBinCount, 1);
    assert.deepEqual(s.binEdges.map((e) => +e.toFixed(6)), Array.from({ length: 11 }, (_, k) => k / 10));
  });
});
