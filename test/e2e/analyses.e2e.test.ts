/**
 * The Analyses view in a browser against `serve`'s server (issue 18, app side), on a copy of the shared
 * trained fixture: reached from the run's row in Runs and by Ctrl+8; the RectGrad q sweep run quick from its
 * card, cancelled once a step is kept, resumed ("1 of 4 steps kept"), and finished; then one chart per
 * metric with both RectGrad halves and the paper's q marked, a table whose numbers and n are the host's
 * file, and the file's notes. Screenshots at 1400×900 and 1024×700, light and dark, go to test-output/e2e/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { LabService } from '../../src/main/host/lab-service.ts';
import type { WebServer } from '../../src/main/web/web-server.ts';
import type { AnalysisResultView } from '../../src/shared/experiments/analysis-common.ts';
import type { QSweepRow } from '../../src/shared/experiments/q-sweep.ts';
import { chromiumMissing } from '../helpers/browser.ts';
import { openWebApp, type WebApp } from '../helpers/web-app.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
] as const;
const missing = chromiumMissing();
let ws = '';
let runId = '';
let service: LabService;
let server: WebServer;
let page: Page;
let app: WebApp | undefined;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const fixture = await copyTrainedWorkspace(join(mkdtempSync(join(tmpdir(), 'sbl-e2e-analyses-')), 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
  app = await openWebApp(ws, { viewport: SIZES[0] });
  ({ service, server } = app);
  if (app.page) page = app.page;
});

after(() => app?.close());

/**
 * Light at 1400×900 by default; both schemes at both sizes with SBL_E2E_SHOTS=all (each shot re-lays the
 * view's charts out, seconds apiece on 2 cores, and the default run is CI's).
 */
const ALL_SHOTS = process.env.SBL_E2E_SHOTS === 'all';

async function shootAll(name: string, focus?: string): Promise<void> {
  for (const scheme of ALL_SHOTS ? (['light', 'dark'] as const) : (['light'] as const)) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of ALL_SHOTS ? SIZES : SIZES.slice(0, 1)) {
      await page.setViewportSize(size);
      await page.waitForTimeout(250); // charts resize on a ResizeObserver
      if (focus) await page.locator(focus).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(SIZES[0]);
}

async function qSweepResult(): Promise<AnalysisResultView<QSweepRow>> {
  const r = await service.call('experimentView', { kind: 'q-sweep', view: 'result', params: { runId } });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value as AnalysisResultView<QSweepRow>;
}

test('browser: a run\'s analyses: the q sweep run quick from the app, cancelled, resumed, drawn with n', { skip: missing ?? false, timeout: 420_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=engine-badge]:has-text("wasm")');

  // From the run's row in Runs.
  await page.click('[data-testid=tab-runs]');
  await page.click(`[data-testid=runs-table] tr[data-run="${runId}"] [data-testid=open-analyses]`);
  const card = page.locator('[data-testid=analysis-card][data-kind=q-sweep]');
  await card.waitFor();
  assert.equal(await page.inputValue('[data-testid=analyses-run]'), runId);
  assert.equal(await card.locator('[data-testid=analysis-run-q-sweep]').textContent(), 'Run');
  assert.equal(await card.locator('[data-testid=analysis-quick-q-sweep]').isChecked(), true, 'quick is on by default');
  await shootAll('analyses-1-empty');

  // Run quick; cancel as soon as a step is kept: the card offers Resume with what was kept.
  await card.locator('[data-testid=analysis-run-q-sweep]').click();
  await card.locator('[data-testid=inline-progress]').waitFor({ timeout: 30_000 });
  const partial = join(ws, 'runs', runId, 'analyses', 'q-sweep.partial.json');
  for (const until = Date.now() + 120_000; !existsSync(partial); ) {
    assert.ok(Date.now() < until, 'a first step is kept');
    await new Promise((r) => setTimeout(r, 20));
  }
  await card.locator('[data-testid=inline-progress] button:has-text("Cancel")').click();
  await card.locator('[data-testid=analysis-pending]').waitFor({ timeout: 60_000 });
  const pending = (await qSweepResult()).pending;
  assert.ok(pending !== null && pending.done >= 1 && pending.done < pending.total, `pending ${JSON.stringify(pending)}`);
  assert.equal(await card.locator('[data-testid=analysis-pending]').textContent(), `${pending.done} of ${pending.total} steps kept`);
  assert.equal(await card.locator('[data-testid=analysis-run-q-sweep]').textContent(), 'Resume');
  assert.match((await card.locator('[data-testid=analysis-error]').textContent()) ?? '', /cancelled/);
  await shootAll('analyses-2-resume', '[data-testid=analysis-card][data-kind=q-sweep]');

  // Resume: the kept steps are not run again; the chart per metric and the table come.
  await card.locator('[data-testid=analysis-run-q-sweep]').click();
  await card.locator('[data-testid=q-sweep-table]').waitFor({ timeout: 240_000 });
  await page.waitForSelector('[data-testid=chart-q-sweep-boxMassShare] canvas');
  const { file } = await qSweepResult();
  assert.ok(file !== null);
  assert.equal(file.config.quick, true);
  const qs = [...new Set(file.rows.map((r) => r.q))].sort((a, b) => a - b);
  assert.deepEqual(qs, [0, 90, 98, 99.9], 'the quick preset\'s qs');
  assert.equal(await card.locator('[data-testid=analysis-run-q-sweep]').textContent(), 'Run again');
  assert.equal(await card.locator('[data-testid=analysis-pending]').count(), 0);
  for (const metric of ['boxMassShare', 'zeroFractionInBox', 'enrichment', 'auroc', 'topKIoU']) {
    assert.ok((await page.locator(`[data-testid=chart-q-sweep-${metric}] canvas`).count()) > 0, `${metric} chart drawn`);
  }
  // Every cell is the host's median with its n.
  for (const r of file.rows.filter((x) => x.metric === 'zeroFractionInBox' || x.metric === 'boxMassShare')) {
    const tr = card.locator(`[data-testid=q-sweep-table-row][data-metric=${r.metric}][data-method=${r.method}]`);
    const cells = await tr.locator('td.num').allTextContents();
    const text = cells[qs.indexOf(r.q)].trim();
    assert.equal(text, `${r.median === null ? '–' : r.median.toFixed(3)} n=${r.n}`, `${r.method} ${r.metric} q = ${r.q}`);
    if (r.method === 'rectgrad' && r.metric === 'zeroFractionInBox') assert.equal(r.median, 1, `q = ${r.q}: RectGrad zeroes the black box`);
  }
  assert.equal(await card.locator('[data-testid=analysis-notes] li').count(), file.notes.length);
  assert.match(((await card.locator('[data-testid=analysis-facts]').textContent()) ?? '').trim(), /^quick · wasm · took \d+s · [\d-]+ [\d:]+ · qs 0, 90, 98, 99\.9 · limit 20$/);
  await shootAll('analyses-3-q-sweep', '[data-testid=analysis-card][data-kind=q-sweep]');
  await card.locator('[data-testid=q-sweep-table]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(SHOTS, 'analyses-4-q-sweep-table-1400x900-light.png') });

  // Ctrl+8 reaches the view from anywhere.
  await page.click('[data-testid=tab-datasets]');
  await page.keyboard.press('Control+8');
  await card.waitFor();
  assert.deepEqual(errors, []);
});

/** Each other analysis: run quick from its card, its own panel (or the generic table) drawn, no refusal. */
const PANELS: Array<{ kind: string; shows: string[]; timeoutMs: number; also?: string }> = [
  { kind: 'controls', shows: ['[data-testid=controls-table]', '[data-testid=chart-controls-boxMassShare] canvas'], timeoutMs: 240_000 },
  { kind: 'randomisation', shows: ['[data-testid=randomisation-table-cascading]', '[data-testid=chart-randomisation-cascading-spearman] canvas', '[data-testid=randomisation-gallery] [data-testid=map-canvas]'], timeoutMs: 300_000, also: '[data-testid=randomisation-gallery]' },
  { kind: 'control-arm', shows: ['[data-testid=control-arm-table]', '[data-testid=control-arm-models]', '[data-testid=chart-control-arm-boxMassShare] canvas'], timeoutMs: 400_000 },
  { kind: 'faithfulness', shows: ['[data-testid=faithfulness-table-deletion]', '[data-testid=faithfulness-tau]', '[data-testid=chart-faithfulness-mean] canvas'], timeoutMs: 300_000 },
  { kind: 'seeds', shows: ['[data-testid=seeds-differences]', '[data-testid=seeds-runs]', '[data-testid=chart-seeds-boxMassShare] canvas', '[data-testid=chart-seeds-difference] canvas'], timeoutMs: 400_000, also: '[data-testid=chart-seeds-difference]' },
];

for (const { kind, shows, timeoutMs, also } of PANELS) {
  test(`browser: the ${kind} analysis run quick from its card, drawn by its panel`, { skip: missing ?? false, timeout: timeoutMs + 60_000 }, async () => {
    // Run alone (--test-name-pattern), no earlier test has opened the page.
    if (page.url() === 'about:blank') {
      await page.goto(server.url);
      await page.waitForSelector('[data-testid=engine-badge]');
      await page.click('[data-testid=tab-runs]');
      await page.click(`[data-testid=runs-table] tr[data-run="${runId}"] [data-testid=open-analyses]`);
    }
    await page.keyboard.press('Control+8');
    const card = page.locator(`[data-testid=analysis-card][data-kind=${kind}]`);
    await card.waitFor();
    assert.equal(await card.locator(`[data-testid=analysis-quick-${kind}]`).isChecked(), true);
    await card.locator(`[data-testid=analysis-run-${kind}]`).click();
    await card.locator('[data-testid=analysis-facts]').waitFor({ timeout: timeoutMs });
    for (const selector of shows) await card.locator(selector).first().waitFor({ timeout: 30_000 });
    // The refusal's text only when there is one: textContent() of a missing element waits out Playwright's
    // 30-s timeout (which cost every panel test 30 s before).
    const refusals = card.locator('[data-testid=analysis-error]');
    assert.equal(await refusals.count(), 0, (await refusals.count()) > 0 ? ((await refusals.first().textContent()) ?? '') : '');
    const r = await service.call('experimentView', { kind, view: 'result', params: { runId } });
    assert.ok(r.ok && (r.value as AnalysisResultView).file !== null, `${kind}: a file (${JSON.stringify(r).slice(0, 300)})`);
    assert.equal(await card.locator('[data-testid=analysis-notes] li').count(), (r.value as AnalysisResultView).file!.notes.length, 'every note shown');
    await shootAll(`analyses-${kind}`, `[data-testid=analysis-card][data-kind=${kind}]`);
    if (also) await shootAll(`analyses-${kind}-more`, also);
  });
}

test('browser: per-epoch snapshots: a run trained with --snapshots shows one slider; moving it shows that epoch\'s maps with their scale', { skip: missing ?? false, timeout: 240_000 }, async () => {
  const datasetId = (await service.workspace.readRun(runId)).datasetId;
  const trained = await service.call('experimentJob', { kind: 'blackbox', job: 'train', params: { datasetId, config: { epochs: 2, snapshots: 2 } } });
  assert.ok(trained.ok, trained.ok ? '' : trained.error.message);
  const snapId = (trained.value as { runId: string }).runId;
  for (const until = Date.now() + 180_000; (await service.workspace.readRun(snapId)).status !== 'completed'; ) {
    assert.ok(Date.now() < until, 'the snapshot run trains');
    await new Promise((r) => setTimeout(r, 200));
  }
  // A fresh page: the run list is read at load.
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=engine-badge]');
  await page.click('[data-testid=tab-runs]');
  await page.click(`[data-testid=runs-table] tr[data-run="${snapId}"] [data-testid=open-analyses]`);
  const panel = page.locator('[data-testid=snapshots]');
  await panel.waitFor({ timeout: 30_000 });
  assert.equal(await panel.locator('[data-testid=snapshot-epoch]').textContent(), '2', 'the last epoch first');
  await panel.locator('[data-testid=snapshot-slider]').fill('1');
  await page.waitForFunction(() => document.querySelector('[data-testid=snapshot-epoch]')?.textContent === '1');
  await panel.locator('.row[data-method=rectgrad] canvas').first().waitFor();
  assert.equal(await panel.locator('.row').count(), 3, 'RectGrad, No-Bias RectGrad and the gradient');
  assert.equal(await panel.locator('.row[data-method=nobias-rectgrad] .cell').count(), 2, 'the two fixed images');
  assert.equal(await panel.locator('[data-testid=colorbar]').count(), 3 * 2, 'every map with its colour bar');
  await shootAll('analyses-snapshots', '[data-testid=snapshots]');
});

test('browser: the Saliency Cards sit next to the run\'s maps, one method at a time, each entry with its source or the analysis that measures it', { skip: missing ?? false, timeout: 120_000 }, async () => {
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=engine-badge]');
  await page.click('[data-testid=tab-saliency]');
  await page.selectOption('[data-testid=saliency-run]', runId);
  const cards = page.locator('[data-testid=saliency-cards]');
  await cards.waitFor({ timeout: 60_000 });
  await cards.locator('[data-testid=card-tab-nobias-rectgrad]').click();
  const body = cards.locator('.card-body[data-method=nobias-rectgrad]');
  await body.waitFor();
  assert.equal((await body.locator('tr:has(th:text-is("multiplies by the input")) td').first().textContent())?.trim(), 'no');
  await cards.locator('[data-testid=card-tab-rectgrad]').click();
  assert.match((await cards.locator('.card-body[data-method=rectgrad] tr:has(th:text-is("multiplies by the input")) td').first().textContent()) ?? '', /^yes: S = R ⊙ x/);
  assert.ok((await cards.locator('td.unmeasured').count()) > 0 || (await cards.locator('td:has-text("analyses/")').count()) > 0, 'what is not measured says how to measure it');
  await shootAll('saliency-cards', '[data-testid=saliency-cards]');
});
