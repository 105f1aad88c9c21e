/**
 * "Explain this" (issue 21) in a browser against `serve`'s server, on a copy of the shared trained fixture:
 * in Datasets, pick the quick run in "Filters from run", open a training image without a box, explain it
 * (one map cell per default method, each with its colour bar, the box logit and the prediction named, no box
 * metrics), then a training image with a box (its box metrics; RectGrad exactly 0 in the box), and the run's
 * saved maps are untouched. Screenshots at 1440×900, light and dark, go to test-output/e2e/explain-*.png.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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
let service: LabService;
let server: WebServer;
let page: Page;
let app: WebApp | undefined;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), 'sbl-e2e-explain-'));
  process.env.XDG_DATA_HOME = join(root, 'app-data');
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  quick = fixture.quickRunId;
  app = await openWebApp(fixture.workspace, { viewport: VIEWPORT });
  ({ service, server } = app);
  if (app.page) page = app.page;
});

after(() => app?.close());

async function shoot(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `explain-${name}-1440x900-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The run's saved maps, file by file. */
const savedMaps = () => {
  const dir = join(service.workspace.runDir(quick), 'saliency');
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
};

/** Opens the first gallery image of the split and box filter, explains it, and waits for its maps. */
async function explainFirst(box: 'box' | 'no-box'): Promise<void> {
  await page.selectOption('[data-testid=filter-box]', box);
  await page.click('[data-testid=thumb] >> nth=0');
  await page.waitForSelector('[data-testid=enlarged]');
  assert.match((await page.textContent('[data-testid=enlarged-prediction]')) ?? '', /train split/);
  const button = page.locator('[data-testid=explain-this]');
  assert.ok(await button.isEnabled(), `enabled with a run picked (title: ${await button.getAttribute('title')})`);
  await button.click();
  await page.waitForSelector('[data-testid=explain-facts]', { timeout: 60_000 });
}

test('browser: Explain this on a training image without a box, then with one; the run\'s maps are untouched', { skip: missing ?? false, timeout: 300_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const before = savedMaps();
  await page.goto(server.url);
  await page.click('[data-testid=tab-datasets]');
  await page.waitForSelector('[data-testid=filter-split]:not([disabled])');
  await page.selectOption('[data-testid=filter-run]', quick);
  await page.selectOption('[data-testid=filter-split]', 'train');

  // A training image without a box: never among a run's explained test images with a box.
  await explainFirst('no-box');
  const cells = page.locator('[data-testid=explain-cell]');
  assert.deepEqual(await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-method'))), ['rectgrad', 'nobias-rectgrad', 'gradient'], 'the default methods');
  assert.equal(await cells.locator('[data-testid=map-canvas]').count(), 3);
  assert.equal(await cells.locator('[data-testid=colorbar]').count(), 3, 'every map has its colour bar');
  for (const max of await cells.locator('[data-testid=colorbar]').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-max'))))) assert.ok(max > 0 && Number.isFinite(max), `colour bar max ${max}`);
  const facts = (await page.textContent('[data-testid=explain-facts]')) ?? '';
  assert.match(facts, /Maps of the "box" logit \(class 1\)/);
  assert.match(facts, /train image/);
  assert.match((await page.textContent('[data-testid=explain-prediction]')) ?? '', /^(box|no box) [✓✗]$/);
  assert.deepEqual(await page.locator('[data-testid=explain-metrics]').allTextContents().then((t) => t.map((s) => s.trim())), Array(3).fill('no box: no box metrics'));
  await shoot('1-no-box');

  // A training image with a box: its box metrics; RectGrad cannot see the box (exactly 0 there).
  await page.click('[data-testid=enlarged-close]');
  await page.waitForSelector('[data-testid=enlarged]', { state: 'detached' });
  await explainFirst('box');
  await page.waitForSelector('[data-testid=explain-cell][data-method=rectgrad] [data-testid=explain-metrics]:has-text("box share")');
  assert.match((await page.textContent('[data-testid=explain-cell][data-method=rectgrad] [data-testid=explain-metrics]')) ?? '', /zeros in box 100\.0%/);
  assert.doesNotMatch((await page.textContent('[data-testid=explain-cell][data-method=nobias-rectgrad] [data-testid=explain-metrics]')) ?? '', /zeros in box 100\.0%/);
  await shoot('2-box');

  assert.deepEqual(savedMaps(), before, 'the run\'s saved maps are unchanged');
  assert.deepEqual(errors, []);
});
