/**
 * The Runs table as a researcher's daily tool (issue 21) in a browser against `serve`'s server, on a copy
 * of the shared trained fixture (the quick run and the centred run): rename and tag a run and write a note
 * (stored in its manifest), filter by the tag, sort by accuracy both ways, compare the two runs' configs
 * (preprocessing differs, so it is a row), export the run as an archive and download it (application/gzip),
 * and import it back into the same workspace, refused in the view's one error place. Screenshots at
 * 1440×900 go to test-output/e2e/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { LabService } from '../../src/main/host/lab-service.ts';
import type { WebServer } from '../../src/main/web/web-server.ts';
import { chromiumMissing } from '../helpers/browser.ts';
import { openWebApp, type WebApp } from '../helpers/web-app.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const VIEWPORT = { width: 1440, height: 900 };
const missing = chromiumMissing();
let quick = '';
let centred = '';
let service: LabService;
let server: WebServer;
let page: Page;
let app: WebApp | undefined;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const fixture = await copyTrainedWorkspace(join(mkdtempSync(join(tmpdir(), 'sbl-e2e-runs-')), 'ws'));
  quick = fixture.quickRunId;
  centred = fixture.centredRunId;
  app = await openWebApp(fixture.workspace, { viewport: VIEWPORT });
  ({ service, server } = app);
  if (app.page) page = app.page;
});

after(() => app?.close());

const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}-${VIEWPORT.width}x${VIEWPORT.height}-light.png`) });
const shownRuns = () => page.locator('[data-testid=runs-table] tbody tr[data-run]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run')));

test('browser: rename, tag and note a run; filter by the tag; sort by accuracy; compare configs; export and import an archive', { skip: missing ?? false, timeout: 300_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.click('[data-testid=tab-runs]');
  const row = (id: string) => page.locator(`[data-testid=runs-table] tr[data-run="${id}"]`);
  await row(quick).waitFor();
  await row(centred).waitFor();

  // Rename, tag, note.
  await row(quick).locator('[data-testid=edit-run]').click();
  const editor = page.locator('[data-testid=run-info-editor]');
  await editor.locator('[data-testid=run-name-input]').fill('baseline quick');
  for (const t of ['baseline', 'lr:0.01']) {
    await editor.locator('[data-testid=run-tag-input]').fill(t);
    await editor.locator('[data-testid=run-tag-input]').press('Enter');
  }
  await editor.locator('[data-testid=run-notes-input]').fill('The quick preset: box top left, 8 epochs.');
  await shoot('runs-1-edit');
  await editor.locator('[data-testid=run-info-save]').click();
  await editor.waitFor({ state: 'detached' });
  const stored = await service.workspace.readRun(quick);
  assert.equal(stored.name, 'baseline quick');
  assert.deepEqual(stored.tags, ['baseline', 'lr:0.01']);
  assert.equal(stored.notes, 'The quick preset: box top left, 8 epochs.');
  assert.deepEqual(await row(quick).locator('[data-testid=run-tag]').allTextContents(), ['baseline', 'lr:0.01']);
  assert.match((await row(quick).locator('td.name a').textContent()) ?? '', /baseline quick/);

  // Filter by the tag: only the tagged run is left.
  await page.fill('[data-testid=runs-filter]', '#baseline');
  assert.deepEqual(await shownRuns(), [quick]);
  await shoot('runs-2-filtered');
  await page.fill('[data-testid=runs-filter]', 'no-such-run');
  await page.locator('[data-testid=runs-none-match]').waitFor();
  await page.fill('[data-testid=runs-filter]', '');

  // Sort by accuracy: highest first, then lowest first.
  const accuracy = new Map(await Promise.all([quick, centred].map(async (id) => [id, (await service.workspace.readRun(id)).testAccuracy ?? 0] as const)));
  const acc = (id: string) => accuracy.get(id) ?? 0;
  const byAcc = [quick, centred].sort((a, b) => acc(b) - acc(a));
  await page.click('[data-testid=sort-result]');
  assert.deepEqual((await shownRuns()).filter((id) => id === quick || id === centred), byAcc);
  assert.equal(await page.locator('th:has([data-testid=sort-result])').getAttribute('aria-sort'), 'descending');
  await page.click('[data-testid=sort-result]');
  assert.deepEqual((await shownRuns()).filter((id) => id === quick || id === centred), [...byAcc].reverse());

  // Compare: every config field that differs is a row, preprocessing among them.
  await row(quick).locator('[data-testid=compare-run]').check();
  await row(centred).locator('[data-testid=compare-run]').check();
  const prep = page.locator('[data-testid=compare-config-row][data-path=preprocessing] td');
  await prep.first().waitFor();
  assert.deepEqual((await prep.allTextContents()).sort(), ['centred', 'unit']);

  // Export the run as an archive: the link downloads application/gzip.
  await row(quick).locator('[data-testid=export-archive]').click();
  const link = page.locator('[data-testid=archive-link]');
  await link.waitFor({ timeout: 60_000 });
  const href = await link.getAttribute('href');
  assert.equal(href, `/media/exports/${quick}.tgz`);
  const got = await page.evaluate(async (u) => {
    const r = await fetch(u);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), magic: [bytes[0], bytes[1]], size: bytes.length };
  }, href!);
  assert.equal(got.status, 200);
  assert.equal(got.type, 'application/gzip');
  assert.deepEqual(got.magic, [0x1f, 0x8b]);
  assert.ok(got.size > 1000);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot('runs-3-sorted-exported');

  // Import it back here: refused (the run is already in this workspace), in the view's one error place.
  await page.click('[data-testid=import-archive-open]');
  await page.fill('[data-testid=import-archive-path]', join(service.workspace.root, 'exports', `${quick}.tgz`));
  await page.click('[data-testid=import-archive]');
  const err = page.locator('[data-testid=archive-error]');
  await err.waitFor();
  assert.match((await err.textContent()) ?? '', new RegExp(`run ${quick} is already in .*nothing imported`));
  assert.equal(await page.locator('[data-testid=error]').count(), 0, 'not in the global banner');
  await shoot('runs-4-import-refused');
  await page.locator('[data-testid=compare-config]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await shoot('runs-5-compare-config');
  assert.deepEqual(errors, []);
});
