/**
 * A batch's aggregate: per grid point, the seeds analysis' lines over the members that completed (the
 * mean over seeds of each metric's per-seed median, its 95 % t interval and bootstrap, the paired
 * No-Bias − RectGrad test), and every member that did not complete, named as missing or failed rather
 * than dropped. Written to batches/<id>/aggregate.json and aggregate.html (the seed tables, and curves
 * over the grid when it has one numeric axis).
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../../node/atomic-write.ts';
import { type BatchAggregate, type BatchCollectTail, type BatchMemberRef, type BatchMemberStatus, type BatchPlan, cellLabel } from '../../../shared/batch.ts';
import { methodCurvesOption } from '../../../shared/chart-options/method-curves.ts';
import { ANALYSIS_METRICS, metricMedians } from '../../../shared/experiments/analysis-common.ts';
import { SEEDS_LEVEL, type SeedRun, isComparisonRow } from '../../../shared/experiments/seeds.ts';
import type { RunManifest } from '../../../shared/run.ts';
import { METRIC_LABEL } from '../experiments/analysis-report.ts';
import { type BootstrapSettings, type SeedMedians, seedsRows } from '../experiments/seeds/seeds-rows.ts';
import { seedsSection } from '../experiments/seeds/seeds-section.ts';
import { renderSvg } from '../report/render-svg.ts';
import { esc, reportPage } from '../report/report-page.ts';
import type { BatchStore } from './batch-store.ts';

const ref = (s: BatchMemberStatus): BatchMemberRef => ({ member: s.member, seed: s.seed, set: s.set, run: s.run, state: s.state });

export async function aggregateBatch(store: BatchStore, plan: BatchPlan, statuses: BatchMemberStatus[], settings: BootstrapSettings): Promise<BatchAggregate> {
  const notes: string[] = [];
  const byCell = new Map<string, { set: Record<string, string>; results: SeedMedians[]; runs: SeedRun[] }>();
  for (const m of plan.members) {
    const key = cellLabel(m.set);
    if (!byCell.has(key)) byCell.set(key, { set: m.set, results: [], runs: [] });
  }
  for (const s of statuses.filter((s) => s.state === 'completed' && s.run !== null)) {
    let run: RunManifest;
    try {
      run = await store.workspace.readRun(s.run!);
    } catch (e) {
      notes.push(`member ${s.member}: run ${s.run} cannot be read (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    const methods = Object.entries(run.metrics ?? {}).map(([method, summary]) => ({ method, medians: metricMedians(summary) }));
    if (methods.length === 0) notes.push(`member ${s.member}: run ${run.id} has no map metrics to aggregate (a ${plan.kind} run keeps its numbers elsewhere)`);
    const cell = byCell.get(cellLabel(s.set))!;
    cell.results.push({ seed: s.seed, methods });
    cell.runs.push({ seed: s.seed, runId: run.id, reused: false, testAccuracy: run.testAccuracy, images: Math.max(0, ...Object.values(run.metrics ?? {}).map((m) => m.images)) });
  }
  const cells = [...byCell.values()].map((c) => ({ set: c.set, runs: c.runs, rows: c.results.length === 0 ? [] : seedsRows(c.results, settings) }));
  const missing = statuses.filter((s) => s.state !== 'completed' && s.state !== 'failed').map(ref);
  const failed = statuses.filter((s) => s.state === 'failed').map(ref);
  if (missing.length + failed.length > 0) notes.push(`${missing.length + failed.length} of ${statuses.length} members did not complete (${missing.length} missing, ${failed.length} failed): their seeds are not in these numbers`);
  return { batch: plan.id, kind: plan.kind, cells, members: statuses, notes, missing, failed, ...settings };
}

/** What `collect --json` prints: a line per row (with its batch and grid point), then the missing and failed members. */
export function aggregateLines(a: BatchAggregate): object[] {
  return [...a.cells.flatMap((c) => c.rows.map((r) => ({ batch: a.batch, cell: c.set, ...r }))), { missing: a.missing, failed: a.failed } satisfies BatchCollectTail];
}

/** One numeric grid axis: the No-Bias/RectGrad curves over it, mean over seeds with n per point. */
function gridCurves(plan: BatchPlan, a: BatchAggregate): string {
  if (plan.grid.length !== 1 || !plan.grid[0].values.every((v) => Number.isFinite(Number(v)))) return '';
  const flag = plan.grid[0].flag;
  return ANALYSIS_METRICS.filter((m) => m === 'boxMassShare' || m === 'zeroFractionInBox')
    .map((metric) => {
      const methods = [...new Set(a.cells.flatMap((c) => c.rows.filter((r) => !isComparisonRow(r) && r.metric === metric).map((r) => (r as { method: string }).method)))];
      const curves = methods.map((method) => ({
        method,
        points: a.cells.map((c) => {
          const row = c.rows.find((r) => !isComparisonRow(r) && r.metric === metric && r.method === method);
          return { x: Number(c.set[flag]), y: row?.mean ?? null, n: row?.n ?? 0 };
        }),
      }));
      return renderSvg(methodCurvesOption({ title: METRIC_LABEL[metric], xName: `--${flag}`, yName: 'mean over seeds', curves, yMin: 0, yMax: 1 }), 460, 300);
    })
    .join('');
}

export function aggregatePage(plan: BatchPlan, a: BatchAggregate): string {
  const memberTable = `<table class="metrics"><tr><th>member</th><th>seed</th><th>grid point</th><th>state</th><th>run</th><th>detail</th></tr>${a.members
    .map((m) => `<tr><th>${m.member}</th><td>${m.seed}</td><td>${esc(cellLabel(m.set))}</td><td>${esc(m.state)}</td><td>${esc(m.run ?? '–')}</td><td>${esc(m.detail ?? '')}</td></tr>`)
    .join('')}</table>`;
  const sections = a.cells
    .map((c) =>
      c.rows.length === 0
        ? `<h2>${esc(cellLabel(c.set))}</h2><p class="sparse">No member of this grid point completed: nothing to aggregate.</p>`
        : seedsSection({ rows: c.rows, detail: { runs: c.runs, level: SEEDS_LEVEL, resamples: a.resamples, bootstrapSeed: a.bootstrapSeed } }, `${cellLabel(c.set) === 'all' ? 'All members' : cellLabel(c.set)}: ${c.runs.length} seeds`),
    )
    .join('\n');
  const curves = gridCurves(plan, a);
  const body = `<p>${a.members.length} members (${a.members.filter((m) => m.state === 'completed').length} completed, ${a.missing.length} missing, ${a.failed.length} failed) of <code>${esc(plan.kind)}</code>, seeds ${esc(plan.seeds.join(', '))}${plan.grid.length > 0 ? `, grid ${esc(plan.grid.map((g) => `--${g.flag} ${g.values.join(',')}`).join(' × '))}` : ''}; executor ${esc(plan.executor)}.</p>
${a.notes.map((n) => `<p class="sparse">${esc(n)}</p>`).join('')}
${curves === '' ? '' : `<h2>Over the grid</h2><div class="grid">${curves}</div>`}
${sections}
<h2>Members</h2>${memberTable}`;
  return reportPage({ title: `batch ${plan.id}`, heading: `Batch ${plan.id}: ${plan.kind} over ${plan.seeds.length} seeds`, runId: plan.id, subject: `batch ${plan.id}`, figure: 'seeds and grids over a batch', body });
}

export async function writeAggregate(store: BatchStore, plan: BatchPlan, a: BatchAggregate): Promise<{ json: string; html: string }> {
  const dir = store.dir(plan.id);
  const json = join(dir, 'aggregate.json');
  const html = join(dir, 'aggregate.html');
  await writeFileAtomic(json, JSON.stringify(a, null, 2));
  await writeFileAtomic(html, aggregatePage(plan, a));
  return { json, html };
}
