/**
 * The Analyses view's store and figures against a fake client (issue 18, app side): only the kinds the
 * host lists as analyses get a card; each kind's result is read through experimentView 'result'; Run sends
 * the run and Quick, a refusal is one line, a cancelled job leaves its kept steps to Resume ("2 of 4 steps
 * kept"); the q sweep's chart spec has both RectGrad halves, the paper's q marked and n in its title.
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../src/renderer/api/client.ts';
import { asResultView, pendingText, runLabel, useAnalysesStore } from '../../../src/renderer/stores/analyses.ts';
import { useJobsStore } from '../../../src/renderer/stores/jobs.ts';
import { methodsPairFirst, metricAxis, nText } from '../../../src/renderer/experiments/analysis-metrics.ts';
import { settingsText, settingsTitle } from '../../../src/renderer/experiments/analysis-facts.ts';
import { cellsBy } from '../../../src/renderer/experiments/median-grid.ts';
import { qSweepSpec, sweepQs } from '../../../src/renderer/experiments/q-sweep/q-sweep-figures.ts';
import { methodCurvesOption } from '../../../src/shared/chart-options/method-curves.ts';
import type { AnalysisResultView } from '../../../src/shared/experiments/analysis-common.ts';
import type { ExperimentInfo } from '../../../src/shared/experiments/index.ts';
import type { QSweepRow } from '../../../src/shared/experiments/q-sweep.ts';
import type { SeedsRow } from '../../../src/shared/experiments/seeds.ts';
import { seedsDifferenceSpec, seedsMetricSpec } from '../../../src/renderer/experiments/seeds/seeds-figures.ts';
import type { JobInfo } from '../../../src/shared/lab-api.ts';
import { fail } from '../../../src/shared/result.ts';
import { fakeClient } from '../../helpers/fake-client.ts';

beforeEach(() => setActivePinia(createPinia()));

const INFOS: ExperimentInfo[] = [
  { kind: 'blackbox', title: 'Black box', role: 'experiment', summary: '', stages: [] },
  { kind: 'q-sweep', title: 'RectGrad q sweep', role: 'analysis', summary: 'q', stages: ['steps', 'report'], quickPreset: { limit: 20, qs: [0, 90, 98, 99.9] } },
];
const job = (id: string, status: JobInfo['status']): JobInfo => ({ id, kind: 'experiment', label: 'RectGrad q sweep (quick)', status, startedAt: '2026-01-01T00:00:00Z', progress: null, experiment: 'q-sweep' });

const rows = (qs: number[]): QSweepRow[] =>
  qs.flatMap((q) =>
    (['rectgrad', 'nobias-rectgrad'] as const).flatMap((method) => [
      { analysis: 'q-sweep' as const, q, method, metric: 'boxMassShare' as const, median: method === 'rectgrad' ? (q === 0 ? null : 0.1) : 0.6, n: method === 'rectgrad' && q === 99.9 ? 17 : 20 },
      { analysis: 'q-sweep' as const, q, method, metric: 'zeroFractionInBox' as const, median: method === 'rectgrad' ? 1 : 0, n: 20 },
    ]),
  );

test('analyses: lists only analysis kinds, reads each result, runs with Quick, one-line refusals, Resume after a cancel', async () => {
  let stored: AnalysisResultView = { runId: 'run-a', file: null, pending: null };
  const client = fakeClient({
    listExperiments: () => INFOS,
    experimentView: (p) => (p.view === 'result' ? stored : fail('bad-input', 'no such view')),
    startExperiment: (p) => ((p.config as { quick?: boolean }).quick === true ? { jobId: 'job-1' } : fail('bad-input', 'startExperiment: run: locked by another process\nstack')),
  });
  setClient(client);
  const analyses = useAnalysesStore();
  await analyses.open('run-a');
  assert.deepEqual(analyses.kinds.map((k) => k.kind), ['q-sweep'], 'the experiments that make runs get no card');
  assert.deepEqual(client.calls.filter((c) => c.name === 'experimentView').map((c) => c.params), [{ kind: 'q-sweep', view: 'result', params: { runId: 'run-a' } }]);
  assert.equal(runLabel(analyses.results['q-sweep']), 'Run');

  assert.equal(await analyses.start('q-sweep'), true);
  assert.deepEqual(client.calls.filter((c) => c.name === 'startExperiment').at(-1)!.params, { kind: 'q-sweep', config: { run: 'run-a', quick: true } });
  useJobsStore().apply(job('job-1', 'running'));
  assert.equal(analyses.jobOf('q-sweep')?.id, 'job-1');
  assert.equal(analyses.running['q-sweep'], true);

  // Cancelled after 2 of 4 steps: the card says so and offers Resume.
  stored = { runId: 'run-a', file: null, pending: { done: 2, total: 4, config: null } };
  useJobsStore().apply(job('job-1', 'cancelled'));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(analyses.errors['q-sweep'], 'Analysis cancelled.');
  assert.equal(runLabel(analyses.results['q-sweep']), 'Resume');
  assert.equal(pendingText(analyses.results['q-sweep']), '2 of 4 steps kept');

  // Quick off: the full settings, refused by the host in one line.
  analyses.setQuick('q-sweep', false);
  assert.equal(await analyses.start('q-sweep'), false);
  assert.deepEqual(client.calls.filter((c) => c.name === 'startExperiment').at(-1)!.params, { kind: 'q-sweep', config: { run: 'run-a' } });
  assert.equal(analyses.errors['q-sweep'], 'startExperiment: run: locked by another process');

  // Kept steps with their config: Resume sends exactly it, whatever the quick box says now.
  stored = { runId: 'run-a', file: null, pending: { done: 2, total: 4, config: { run: 'run-a', qs: [0, 98], limit: 20, quick: true } } };
  await analyses.refresh('q-sweep');
  await analyses.start('q-sweep');
  assert.deepEqual(client.calls.filter((c) => c.name === 'startExperiment').at(-1)!.params, { kind: 'q-sweep', config: { run: 'run-a', qs: [0, 98], limit: 20, quick: true } });

  // A finished file: Run again; another run's answer is not taken for this one.
  stored = { runId: 'run-a', file: { analysis: 'q-sweep', runId: 'run-a', config: { run: 'run-a', quick: true }, backend: 'wasm', createdAt: '2026-01-01T00:00:00Z', seconds: 3, rows: rows([0, 98]), notes: ['q = 0: 3 of 20 rectgrad maps are all zero'] }, pending: null };
  await analyses.refresh('q-sweep');
  assert.equal(runLabel(analyses.results['q-sweep']), 'Run again');
  assert.equal(analyses.results['q-sweep']?.file?.notes.length, 1);
  assert.equal(asResultView({ ...stored, runId: 'run-b' }, 'run-a'), null);
  assert.deepEqual(asResultView({ runId: 'run-a', file: { rows: [] }, pending: null }, 'run-a')?.file?.notes, [], 'a file without notes shows none rather than failing');
});

test('analyses: a job of another run is not this run\'s; switching runs clears the cards', async () => {
  setClient(fakeClient({ listExperiments: () => INFOS, experimentView: (p) => ({ runId: (p.params as { runId: string }).runId, file: null, pending: null }), startExperiment: () => ({ jobId: 'job-a' }) }));
  const analyses = useAnalysesStore();
  await analyses.open('run-a');
  await analyses.start('q-sweep');
  useJobsStore().apply(job('job-a', 'running'));
  await analyses.open('run-b');
  assert.equal(analyses.jobOf('q-sweep'), null);
  assert.equal(analyses.results['q-sweep']?.runId, 'run-b');
  useJobsStore().apply({ ...job('job-x', 'running'), runId: 'run-b' });
  assert.equal(analyses.jobOf('q-sweep')?.id, 'job-x', 'a running job pushed with the run\'s id (a reloaded page) is followed');
});

test('q sweep figures: both RectGrad halves over q, the paper q marked, n in the title and per point, undefined medians as gaps', () => {
  const r = rows([99.9, 0, 98]);
  assert.deepEqual(sweepQs(r), [0, 98, 99.9]);
  assert.deepEqual(methodsPairFirst([{ method: 'gradient' }, ...r]), ['rectgrad', 'nobias-rectgrad', 'gradient']);
  const spec = qSweepSpec(r, 'boxMassShare');
  assert.equal(spec.title, 'box mass share · n = 17–20');
  assert.deepEqual(spec.xLabels, ['0', '98', '99.9'], 'evenly spaced: 98 and 99.9 are not drawn as one point');
  assert.deepEqual(spec.markX, { x: 1, label: 'paper q = 98' }, 'the paper q marked at its category');
  assert.equal(qSweepSpec(rows([0, 90]), 'boxMassShare').markX, undefined, 'no mark where the sweep left the paper q out');
  assert.match(spec.yName, /share of Σ\|S\| \(0–1\)/);
  assert.deepEqual([spec.yMin, spec.yMax], [0, 1]);
  assert.deepEqual(spec.curves.map((c) => c.method), ['rectgrad', 'nobias-rectgrad']);
  assert.deepEqual(spec.curves[0].points, [
    { x: 0, y: null, n: 20 },
    { x: 1, y: 0.1, n: 20 },
    { x: 2, y: 0.1, n: 17 },
  ]);
  const option = methodCurvesOption(spec, { dark: true }) as { legend: { data: string[] }; xAxis: { name: string; data: string[] }; series: Array<{ data: Array<{ value: [string, number | null] }> }> };
  assert.deepEqual(option.legend.data, ['rectgrad', 'nobias-rectgrad']);
  assert.equal(option.xAxis.name, 'RectGrad percentile q (evenly spaced)');
  assert.deepEqual(option.series[0].data.map((d) => d.value), [['0', null], ['98', 0.1], ['99.9', 0.1]]);
  assert.equal(cellsBy(r, (x) => x.q)('zeroFractionInBox', 'rectgrad', 98)?.median, 1);
  assert.equal(cellsBy(r, (x) => x.q)('zeroFractionInBox', 'rectgrad', 50), undefined);
  assert.equal(nText([20, 20]), 'n = 20');
  assert.equal(metricAxis('enrichment').yMax, undefined, 'enrichment is not capped at 1');
  assert.equal(settingsText({ run: 'x', quick: true, limit: 20, qs: [0, 98], occlusion: { patch: 8, fill: 'mean' } }), 'limit 20 · qs 0, 98 · occlusion patch 8, fill mean');
  assert.equal(settingsText({ limit: 20, options: { a: 1, b: 2, c: 3, d: 4, e: 5 } }), 'limit 20', 'a long options object is left to the hover text');
  assert.equal(settingsTitle({ run: 'x', options: { paddingTrick: true } }), 'options.paddingTrick on');
});

test('seeds figures: per metric a group per method with every seed\'s point; the differences of the fractions on one chart with 0 marked, enrichment left to the table', () => {
  const base = { analysis: 'seeds' as const, ciMethod: 'student-t' as const, bootstrapMethod: 'percentile-bootstrap' as const, bootstrap95: null, seeds: [1, 2, 3] };
  const rows: SeedsRow[] = [
    { ...base, method: 'nobias-rectgrad', metric: 'boxMassShare', mean: 0.8, ci95: [0.7, 0.9], n: 3, values: [0.79, 0.77, 0.83] },
    { ...base, method: 'rectgrad', metric: 'boxMassShare', mean: 0, ci95: [0, 0], n: 3, values: [0, 0, 0] },
    { ...base, comparison: 'nobias-rectgrad - rectgrad', metric: 'boxMassShare', mean: 0.8, ci95: [0.72, 0.87], n: 3, p: 0.0005, t: 46, values: [0.79, 0.77, 0.83] },
    { ...base, comparison: 'nobias-rectgrad - rectgrad', metric: 'enrichment', mean: 24, ci95: [18, 30], n: 3, p: 0.003, t: 18, values: [22, 23, 27] },
  ];
  const spec = seedsMetricSpec(rows, 'boxMassShare');
  assert.equal(spec.title, 'box mass share · n = 3 seeds');
  assert.deepEqual(spec.groups.map((g) => g.label), ['rectgrad', 'nobias-rectgrad'], 'the RectGrad pair in order');
  assert.deepEqual(spec.groups[1].points, [{ seed: 1, value: 0.79 }, { seed: 2, value: 0.77 }, { seed: 3, value: 0.83 }]);
  assert.deepEqual(spec.groups[1].ci, [0.7, 0.9]);
  const diff = seedsDifferenceSpec(rows);
  assert.equal(diff.zeroLine, true);
  assert.deepEqual(diff.groups.map((g) => g.label), ['box share']);
  assert.equal(diff.title, 'nobias-rectgrad − rectgrad · n = 3 seeds');
});
