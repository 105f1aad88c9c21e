/**
 * The lab in a browser, end to end against `serve`'s server: create a quick generated dataset, see the
 * gallery fill, train, watch the curve move, compute maps, see both histograms, open the report.
 * Screenshots go to test-output/e2e/. Also: a wrong token and a foreign origin are refused.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { Browser, Page } from 'playwright-core';
import { LabService } from '../../src/main/host/lab-service.ts';
import { startWebServer, type WebServer } from '../../src/main/web/web-server.ts';
import { chromiumMissing, launchChromium } from '../helpers/browser.ts';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const missing = chromiumMissing();
let service: LabService;
let server: WebServer;
let browser: Browser;
let page: Page;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  service = new LabService(mkdtempSync(join(tmpdir(), 'sbl-e2e-')), { backend: 'wasm', mediaBase: '/media' });
  server = await startWebServer({ service, staticDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)) });
  if (missing === null) {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
  await service?.close();
});

test('a wrong token or a foreign origin is refused', async () => {
  const base = server.url.split('?')[0];
  assert.equal((await fetch(`${base}?token=wrong`)).status, 401);
  assert.equal((await fetch(base)).status, 401);
  assert.equal((await fetch(`${base}media/datasets/x/images/0.png`)).status, 401);
  assert.equal((await fetch(server.url)).status, 200);
  assert.equal((await fetch(server.url, { headers: { Origin: 'http://evil.example' } })).status, 403);
  const wsUrl = `ws://127.0.0.1:${server.port}/api/ws`;
  const refused = (opts: { token?: string; origin?: string }) =>
    new Promise<boolean>((resolve) => {
      const ws = new WebSocket(opts.token ? `${wsUrl}?token=${opts.token}` : wsUrl, { origin: opts.origin });
      ws.on('open', () => {
        ws.close();
        resolve(false);
      });
      ws.on('error', () => resolve(true));
    });
  assert.equal(await refused({ token: 'wrong' }), true);
  assert.equal(await refused({ token: server.token, origin: 'http://evil.example' }), true);
  assert.equal(await refused({ token: server.token }), false);
});

test('browser: dataset → gallery → training with a live curve → maps → histograms → report', { skip: missing ?? false, timeout: 300_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=engine-badge]:has-text("wasm")');

  // Create a quick generated dataset; the gallery fills with thumbnails.
  await page.selectOption('[data-testid=size]', '32');
  await page.fill('[data-testid=count]', '200');
  await page.click('[data-testid=create-dataset]');
  await page.waitForSelector('[data-testid=thumb]', { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=thumb] img').length > 20);
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid=thumb] img')].slice(0, 10).every((i) => i.complete && i.naturalWidth === 32));
  await page.screenshot({ path: join(SHOTS, '1-datasets.png') });
  await page.selectOption('[data-testid=filter-box]', 'box');
  const boxOnly = await page.locator('[data-testid=thumb]').count();
  assert.ok(boxOnly > 0);
  await page.click('[data-testid=thumb] >> nth=0');
  await page.waitForSelector('[data-testid=enlarged]');
  await page.screenshot({ path: join(SHOTS, '2-enlarged.png') });
  await page.click('[data-testid=enlarged] button');

  // Train; the curve moves while it runs, then the run completes.
  await page.click('[data-testid=tab-training]');
  await page.fill('[data-testid=epochs]', '4');
  await page.click('[data-testid=start-training]');
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid=images-per-second]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.screenshot({ path: join(SHOTS, '3-training-live.png') });
  await page.waitForSelector('[data-testid=train-status]:has-text("done")', { timeout: 120_000 });
  const acc = await page.textContent('[data-testid=test-accuracy]');
  assert.match(acc ?? '', /%$/);
  const points = await page.evaluate(() => document.querySelectorAll('[data-testid=chart-training-curves] canvas').length);
  assert.ok(points > 0, 'the training chart is drawn');
  await page.screenshot({ path: join(SHOTS, '4-training-done.png') });

  // Maps: rectgrad next to nobias-rectgrad by default, both histograms, the metrics table.
  await page.click('[data-testid=tab-saliency]');
  await page.waitForSelector('[data-testid=compute-maps]:not([disabled])');
  await page.click('[data-testid=compute-maps]');
  await page.waitForSelector('[data-testid=map-cell]', { timeout: 120_000 });
  assert.ok((await page.locator('[data-testid=map-cell]').count()) >= 2);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=histograms] canvas').length >= 2);
  const table = await page.textContent('[data-testid=metrics-table]');
  assert.ok(table?.includes('rectgrad') && table.includes('nobias-rectgrad'));
  await page.check('[data-testid=difference]');
  await page.screenshot({ path: join(SHOTS, '5-saliency.png'), fullPage: true });

  // Runs: open the report.
  await page.click('[data-testid=tab-runs]');
  await page.waitForSelector('[data-testid=open-report]:not([disabled])');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('[data-testid=open-report]')]);
  await popup.waitForLoadState();
  assert.match(await popup.title(), /Saliency Bias Lab report/);
  assert.ok((await popup.locator('svg').count()) > 0);
  await popup.screenshot({ path: join(SHOTS, '6-report.png'), fullPage: true });
  await page.screenshot({ path: join(SHOTS, '7-runs.png') });
  assert.deepEqual(errors, [], 'no uncaught page errors');
});
