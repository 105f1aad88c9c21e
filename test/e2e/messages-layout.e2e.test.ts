/**
 * Issue 21, messages and layout as a new user sees the web app: an error with no place on screen shows
 * in the banner and clears itself when the same call succeeds; a button that calls the host is disabled
 * (busy) right after the click; the tab survives a reload (URL hash); at 1024 px the side panel starts
 * collapsed and the Runs view's buttons are inside the viewport. Screenshots at 1440 and 1024 px, light
 * and dark, go to test-output/e2e/issue21-*.png.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { LabService } from '../../src/main/host/lab-service.ts';
import { startWebServer, type WebServer } from '../../src/main/web/web-server.ts';
import { fail, type Result } from '../../src/shared/result.ts';
import { chromiumMissing, launchChromium } from '../helpers/browser.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const WIDE = { width: 1440, height: 900 } as const;
const NARROW = { width: 1024, height: 700 } as const;
const missing = chromiumMissing();
let service: LabService;
let server: WebServer;
let browser: Browser;
let page: Page;
/** Calls the test makes fail on the server side (the banner's "no place" errors). */
const failing = new Set<string>();

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const fixture = await copyTrainedWorkspace(join(mkdtempSync(join(tmpdir(), 'sbl-e2e-issue21-')), 'ws'));
  service = new LabService(fixture.workspace, { backend: 'wasm', mediaBase: '/media' });
  const call = service.call.bind(service);
  service.call = (async (name: string, params: unknown): Promise<Result<unknown>> => (failing.has(name) ? fail('io', `${name}: the workspace could not be read (test)`) : call(name as never, params as never))) as typeof service.call;
  server = await startWebServer({ service, staticDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)) });
  if (missing === null) {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: WIDE });
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
  await service?.close();
});

async function shoot(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of [WIDE, NARROW]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, `issue21-${name}-${size.width}x${size.height}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(WIDE);
}

test('issue 21: banner clears on success, busy buttons, reload keeps the tab, 1024 px layout', { skip: missing ?? false, timeout: 300_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=engine-badge]:has-text("wasm")');
  assert.match(page.url(), /#datasets$/, 'opens on the first tab, named in the hash');

  // An error with no place (a refresh of the runs list) shows once in the banner, however often it fails…
  failing.add('listRuns');
  await page.keyboard.press('F5');
  await page.keyboard.press('F5');
  await page.waitForSelector('[data-testid=error][data-key="call:listRuns"]');
  assert.equal(await page.locator('[data-testid=error]').count(), 1, 'one line, not a stack');
  await shoot('banner');
  // …and goes when the same call succeeds.
  failing.delete('listRuns');
  await page.keyboard.press('F5');
  await page.waitForSelector('[data-testid=error]', { state: 'detached' });

  // Reload keeps the tab.
  await page.click('[data-testid=tab-runs]');
  assert.match(page.url(), /#runs$/);
  await page.reload();
  await page.waitForSelector('[data-testid=tab-runs].active');
  await page.waitForSelector('[data-testid=runs-table] [data-testid=open-report]');
  await page.keyboard.press('Control+3');
  await page.waitForSelector('[data-testid=tab-saliency].active');
  assert.match(page.url(), /#saliency$/, 'Ctrl+3 is the third tab');
  await page.keyboard.press('Control+4');
  await page.waitForSelector('[data-testid=tab-runs].active');
  await shoot('runs');

  // A button that calls the host is disabled (busy) right after the click.
  const report = page.locator('[data-testid=open-report]:not([disabled])').first();
  if ((await report.count()) > 0) {
    await report.click();
    assert.equal(await page.locator('[data-testid=open-report].busy').count(), 1, 'Report is busy at once');
    assert.equal(await page.locator('[data-testid=open-report].busy').isDisabled(), true);
    await page.waitForSelector('[data-testid=open-report].busy', { state: 'detached', timeout: 60_000 });
  } else {
    // No maps in the fixture: the Saliency view's Compute maps is the host-calling button.
    await page.click('[data-testid=tab-saliency]');
    await page.waitForSelector('[data-testid=compute-maps]:not([disabled])');
    await page.click('[data-testid=compute-maps]');
    assert.equal(await page.isDisabled('[data-testid=compute-maps]'), true, 'Compute maps is disabled at once');
    await page.waitForSelector('[data-testid=map-canvas]', { timeout: 120_000 });
    await page.click('[data-testid=tab-runs]');
  }

  // At 1024 px: the side panel starts collapsed (a fresh load), and every Runs button is in the viewport.
  await page.setViewportSize(NARROW);
  await page.reload();
  await page.waitForSelector('[data-testid=runs-table] [data-testid=open-report]');
  for (const b of await page.locator('[data-testid=runs-table] button').all()) {
    const box = await b.boundingBox();
    assert.ok(box !== null && box.x >= 0 && box.x + box.width <= NARROW.width, `a Runs button at x ${box?.x}–${box ? box.x + box.width : '?'} is off-screen`);
  }
  await page.click('[data-testid=tab-saliency]');
  await page.waitForSelector('[data-testid=side-toggle][aria-expanded=false]');
  assert.equal(await page.locator('aside.side').isVisible(), false, 'the side panel starts collapsed below 1200 px');
  await page.screenshot({ path: join(SHOTS, 'issue21-saliency-collapsed-1024x700-light.png') });
  await page.click('[data-testid=side-toggle]');
  assert.equal(await page.locator('aside.side').isVisible(), true);
  await page.screenshot({ path: join(SHOTS, 'issue21-saliency-expanded-1024x700-light.png') });
  await page.setViewportSize(WIDE);
  await shoot('saliency');
  assert.deepEqual(errors, [], 'no uncaught page errors');
});
