/**
 * The Batches view in a browser against `serve`'s server on a fresh workspace (issue 22, app side):
 * reached by Ctrl+9; a bad grid value (epochs=0) is refused in one line naming the flag, in the view's
 * one error place and not as a banner; then a local batch of blackbox over seeds 1,2 (quick, 200 images,
 * 2 epochs) is submitted, both members reach "completed" in the members table, Collect shows the grid
 * point with n = 2 seeds, No-Bias RectGrad's box mass share as the host's aggregate.json has it, the
 * paired comparison row, and a link to the aggregate page, which is served as HTML. Screenshots at
 * 1440×900 (the aggregate also at 1024×700) go to test-output/e2e/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { WebServer } from '../../src/main/web/web-server.ts';
import type { BatchAggregate } from '../../src/shared/batch.ts';
import { isComparisonRow } from '../../src/shared/experiments/seeds.ts';
import { chromiumMissing } from '../helpers/browser.ts';
import { openWebApp, type WebApp } from '../helpers/web-app.ts';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const SIZE = { width: 1440, height: 900 } as const;
const SMALL = { width: 1024, height: 700 } as const;
const missing = chromiumMissing();
let ws = '';
let server: WebServer;
let page: Page;
let app: WebApp | undefined;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ws = mkdtempSync(join(tmpdir(), 'sbl-e2e-batches-'));
  app = await openWebApp(ws, { viewport: SIZE });
  ({ server } = app);
  if (app.page) page = app.page;
});

after(async () => {
  await app?.close();
  if (ws !== '') rmSync(ws, { recursive: true, force: true });
});

async function shoot(name: string, focus?: string, size: { width: number; height: number } = SIZE): Promise<void> {
  await page.setViewportSize(size);
  if (focus) await page.locator(focus).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}-light.png`) });
  await page.setViewportSize(SIZE);
}

test('browser: a local batch of blackbox over 2 seeds from the app: a refused grid value, members completed, the aggregate with n', { skip: missing ?? false, timeout: 300_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=engine-badge]:has-text("wasm")');

  // Ctrl+9 reaches the view; the kinds come from the host.
  await page.keyboard.press('Control+9');
  await page.waitForSelector('[data-testid=tab-batches].active');
  await page.waitForSelector('[data-testid=batch-kind] option[value=blackbox]', { state: 'attached' });
  assert.equal(await page.inputValue('[data-testid=batch-kind]'), 'blackbox');
  assert.equal(await page.isChecked('[data-testid=batch-quick]'), true, 'quick is on by default');
  assert.equal(await page.locator('[data-testid=batch-slurm]').count(), 0, 'Slurm fields only for the slurm executor');
  await page.selectOption('[data-testid=batch-executor]', 'slurm');
  await page.waitForSelector('[data-testid=batch-slurm-partition]');
  await page.selectOption('[data-testid=batch-executor]', 'local');
  await page.locator('[data-testid=batch-slurm]').waitFor({ state: 'detached' });

  // A bad grid value: one line naming the flag, in the view, not a banner.
  await page.fill('[data-testid=batch-seeds]', '1,2');
  await page.fill('[data-testid=batch-flags]', 'count=200');
  await page.fill('[data-testid=batch-grid-flag]', 'epochs');
  await page.fill('[data-testid=batch-grid-values]', '0');
  assert.equal(await page.textContent('[data-testid=batch-planned]'), '2 seeds × 1 grid point = 2 members');
  await page.click('[data-testid=submit-batch]');
  const error = page.locator('[data-testid=batch-error]');
  await error.waitFor();
  assert.equal(await error.textContent(), '--set epochs=0: expected an integer in [1, 1000], got 0');
  assert.equal(await page.locator('[data-testid=error]').count(), 0, 'no banner');
  assert.match((await page.textContent('[data-testid=batch-list]')) ?? '', /No batches/, 'nothing was recorded');
  await shoot('batches-1-refused');

  // The same batch with epochs=2 as a flag of every member: submitted, selected, run as a job.
  await page.click('[aria-label="remove grid row 1"]');
  await page.fill('[data-testid=batch-flags]', 'count=200 epochs=2');
  await page.click('[data-testid=submit-batch]');
  await page.waitForSelector('[data-testid=batch-notice]:has-text("2 members submitted (local)")');
  assert.equal(await error.count(), 0, 'the refusal is gone once a submission is accepted');
  const detail = page.locator('[data-testid=batch-detail]');
  await detail.waitFor();
  const batchId = (await detail.getAttribute('data-batch'))!;
  assert.match(batchId, /^batch-/);
  assert.equal(await page.locator(`[data-testid=batch-list] li[data-batch="${batchId}"].active`).count(), 1);
  const rows = page.locator('[data-testid=batch-member]');
  await rows.nth(1).waitFor();
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1].textContent)), ['1', '2'], 'one member per seed');

  // Both members complete; the table follows without a click.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=batch-member]')].filter((tr) => tr.getAttribute('data-state') === 'completed').length === 2, null, { timeout: 180_000, polling: 250 });
  for (let i = 0; i < 2; i++) {
    const cells = await rows.nth(i).locator('td').allTextContents();
    assert.equal(cells[3], 'completed');
    assert.match(cells[4], /\S/, 'its run');
    assert.equal(cells[5], '2 / 2', 'epochs done of all');
  }
  assert.equal(await page.isDisabled('[data-testid=batch-resubmit]'), true, 'nothing to resubmit');
  assert.equal(await page.isDisabled('[data-testid=batch-cancel]'), true, 'nothing to cancel');
  await shoot('batches-2-completed');

  // Collect: the grid point with n = 2 seeds and the host's numbers.
  await page.click('[data-testid=batch-collect]');
  const cell = page.locator('[data-testid=batch-cell]');
  await cell.waitFor({ timeout: 60_000 });
  assert.equal(await cell.count(), 1, 'no grid: one grid point');
  assert.equal(await cell.locator('[data-testid=batch-cell-n]').textContent(), 'n = 2 seeds');
  const stored = JSON.parse(readFileSync(join(ws, 'batches', batchId, 'aggregate.json'), 'utf8')) as BatchAggregate;
  const row = stored.cells[0].rows.find((r) => !isComparisonRow(r) && r.method === 'nobias-rectgrad' && r.metric === 'boxMassShare')!;
  assert.equal(row.n, 2);
  assert.ok(row.mean !== null && Number.isFinite(row.mean));
  const share = cell.locator('[data-testid=seeds-row][data-method=nobias-rectgrad] td[data-metric=boxMassShare]');
  assert.equal(await share.locator('.mean').textContent(), row.mean.toFixed(3));
  assert.match((await share.locator('.mean').textContent()) ?? '', /^-?\d+\.\d{3}$/, 'a number');
  assert.equal(await share.locator('.n').textContent(), 'n=2');
  assert.match((await share.locator('.ci').textContent()) ?? '', /^\[-?\d+\.\d{3}, -?\d+\.\d{3}\]$/, 'a 95 % t interval with 2 seeds');
  const diff = cell.locator('[data-testid=seeds-difference-row][data-metric=boxMassShare]');
  assert.match((await diff.textContent()) ?? '', /nobias-rectgrad − rectgrad/);
  assert.equal(await diff.locator('[data-testid=seeds-n]').textContent(), '2');
  const compare = stored.cells[0].rows.find((r) => isComparisonRow(r) && r.metric === 'boxMassShare')!;
  assert.ok(isComparisonRow(compare));
  if (compare.p !== null) assert.match((await diff.locator('[data-testid=seeds-p]').textContent()) ?? '', /^p [=<]/);
  assert.equal(await page.locator('[data-testid=batch-missing]').count(), 0);
  assert.equal(await page.locator('[data-testid=batch-failed]').count(), 0);

  // The aggregate page, served as HTML from the workspace.
  const href = (await page.getAttribute('[data-testid=batch-aggregate-link]', 'href'))!;
  assert.equal(href, `/media/batches/${batchId}/aggregate.html`);
  const served = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  }, href);
  assert.equal(served.status, 200);
  assert.match(served.type ?? '', /^text\/html/);
  assert.match(served.text, new RegExp(`Batch ${batchId}`));
  await shoot('batches-3-aggregate', '[data-testid=batch-aggregate]');
  await shoot('batches-3-aggregate', '[data-testid=batch-aggregate]', SMALL);
  assert.deepEqual(errors, []);
});
