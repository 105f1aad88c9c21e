/**
 * Training curves and data out in a browser (issue 21), on a copy of the shared trained fixture: the
 * live chart's smoothing slider changes the drawn curves, log loss and Reset zoom work, and the Saliency
 * view's metrics table exported as CSV (a real download, parsed) holds the host's numbers at full
 * precision: its box mass share is the run manifest's and `saliency-lab experiment --json`'s. Screenshots
 * at 1440×900, light and dark, go to test-output/e2e/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { LabService } from '../../src/main/host/lab-service.ts';
import type { WebServer } from '../../src/main/web/web-server.ts';
import type { RunManifest } from '../../src/shared/run.ts';
import { parseCsv } from '../../src/renderer/export-data.ts';
import { chromiumMissing } from '../helpers/browser.ts';
import { openWebApp, type WebApp } from '../helpers/web-app.ts';
import { copyTrainedWorkspace, type TrainedFixture } from '../helpers/trained-fixture.ts';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const missing = chromiumMissing();
let fixture: TrainedFixture;
let service: LabService;
let server: WebServer;
let page: Page;
let app: WebApp | undefined;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fixture = await copyTrainedWorkspace(join(mkdtempSync(join(tmpdir(), 'sbl-e2e-curves-')), 'ws'));
  app = await openWebApp(fixture.workspace, { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  ({ service, server } = app);
  if (app.page) page = app.page;
});

after(() => app?.close());

async function shoot(name: string, focus?: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    if (focus) await page.locator(focus).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SHOTS, `${name}-1440x900-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The chart canvas as a data URL: a different picture means different drawn series. */
const picture = () => page.$eval('[data-testid=chart-training-curves] canvas', (c) => (c as HTMLCanvasElement).toDataURL());

/** The CLI's --json summary line: per method each metric's median (or hit rate) and its n. */
type CliMetrics = Record<string, Record<string, number> & { n: Record<string, number> }>;
function cliMetrics(stdout: string): CliMetrics {
  const o = JSON.parse(stdout.trim().split('\n').at(-1)!) as { metrics: CliMetrics };
  return o.metrics;
}

test('browser: training curves smoothed, log loss and zoom; the metrics table out as CSV with the host\'s full-precision numbers', { skip: missing ?? false, timeout: 240_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=engine-badge]:has-text("wasm")');

  // Training curves: moving the smoothing slider redraws the series; log loss flips the axis.
  await page.click('[data-testid=tab-training]');
  await page.waitForSelector('[data-testid=chart-training-curves] canvas');
  await page.waitForTimeout(500);
  await page.fill('[data-testid=curves-smoothing]', '0');
  await page.waitForTimeout(300);
  const raw = await picture();
  await page.fill('[data-testid=curves-smoothing]', '0.95');
  await page.waitForFunction(() => document.querySelector('[data-testid=curves-smoothing-value]')?.textContent === '0.95');
  await page.waitForTimeout(300);
  const smoothed = await picture();
  assert.notEqual(smoothed, raw, 'smoothing changes the drawn curves');
  assert.equal(await page.getAttribute('.run-curves', 'data-smoothing'), '0.95');
  await shoot('curves-1-training-smoothed', '[data-testid=train-stats]');
  await page.check('[data-testid=curves-log]');
  await page.waitForTimeout(300);
  assert.notEqual(await picture(), smoothed, 'log loss redraws');
  assert.equal(await page.getAttribute('.run-curves', 'data-log'), 'true');
  // Zoom with the wheel inside the chart, then Reset zoom brings the whole range back.
  const box = (await page.locator('[data-testid=chart-training-curves]').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -300);
  await page.waitForTimeout(400);
  const zoomed = await picture();
  await shoot('curves-2-training-log-zoomed', '[data-testid=train-stats]');
  await page.click('[data-testid=curves-reset-zoom]');
  await page.waitForTimeout(400);
  assert.notEqual(await picture(), zoomed, 'Reset zoom redraws the whole range');
  await page.uncheck('[data-testid=curves-log]');
  await page.fill('[data-testid=curves-smoothing]', '0.6');

  // The curves' numbers out as CSV: one row per point, the raw values at full precision.
  const [curvesDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv-training-curves]')]);
  const curves = parseCsv(readFileSync((await curvesDl.path())!, 'utf8'));
  assert.deepEqual(curves[0], ['run', 'split', 'quantity', 'epoch', 'step', 'seconds', 'value', 'smoothed']);
  assert.ok(curves.some((r) => r[1] === 'train' && r[2] === 'loss'), 'train loss rows');

  // The quick run's metrics table in the Saliency view, exported as CSV.
  await page.click('[data-testid=tab-saliency]');
  await page.waitForSelector('[data-testid=saliency-run]');
  await page.selectOption('[data-testid=saliency-run]', fixture.quickRunId);
  await page.waitForSelector(`[data-testid=export-csv-metrics-${fixture.quickRunId}]`);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=export-csv-metrics-${fixture.quickRunId}]`)]);
  assert.equal(dl.suggestedFilename(), `metrics-${fixture.quickRunId}.csv`);
  const [head, ...rows] = parseCsv(readFileSync((await dl.path())!, 'utf8'));
  const col = (name: string) => {
    const i = head.indexOf(name);
    assert.ok(i >= 0, `column ${name} in ${head.join(',')}`);
    return i;
  };
  const listed = await service.call('listRuns', {});
  assert.ok(listed.ok);
  const manifest = (listed.value as RunManifest[]).find((r) => r.id === fixture.quickRunId)!;
  const cli = cliMetrics(fixture.quick.stdout);
  assert.deepEqual(rows.map((r) => r[col('method')]).sort(), Object.keys(manifest.metrics!).sort());
  for (const r of rows) {
    const method = r[col('method')];
    assert.equal(r[col('runId')], fixture.quickRunId);
    const want = manifest.metrics![method].boxMassShare;
    for (const k of ['median', 'q1', 'q3', 'n'] as const) assert.equal(Number(r[col(`boxMassShare.${k}`)]), want[k], `${method} box mass share ${k}: the manifest's, at full precision`);
    assert.equal(Number(r[col('boxMassShare.median')]), cli[method].boxMassShare, `${method} box mass share: the CLI's --json`);
    assert.equal(Number(r[col('boxMassShare.n')]), cli[method].n.boxMassShare, `${method} box mass share n: the CLI's --json`);
    assert.equal(Number(r[col('auroc.median')]), cli[method].auroc, `${method} AUROC: the CLI's --json`);
    assert.equal(Number(r[col('pointingGame')]), manifest.metrics![method].pointingGame);
  }
  await shoot('curves-3-metrics-export', '[data-testid=metrics-table]');
  assert.deepEqual(errors, [], 'no uncaught page errors');
});
