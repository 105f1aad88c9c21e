/**
 * The lab in a browser, end to end against `serve`'s server: create a quick generated dataset, see the
 * gallery fill, train, watch the curve move, compute maps, then check what a user sees: map canvases
 * whose pixels are the colour scale applied to the stored map, colour bars whose numbers are the map's
 * range, metrics that are numbers, a difference toggle that changes the picture, a wipe dragged on the
 * image; a second run to compare. Screenshots of every view at two sizes, light and dark, go to
 * test-output/e2e/. Also: a wrong token and a foreign origin are refused. Then experiment 2 from the
 * launcher: a tiny vae-concept run, its concept AUROC as the host has it, concept maps whose pixels are
 * the stored maps, a Fig. 2b scatter with points, the faces gallery with its filters.
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
import { absPercentile, colourOf, formatScaleValue, type ScaleSign } from '../../src/shared/color-scale.ts';
import type { ConceptMapView, ConceptRunView, MapView } from '../../src/shared/lab-api.ts';
import type { RunManifest } from '../../src/shared/run.ts';
import { chromiumMissing, launchChromium } from '../helpers/browser.ts';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
] as const;
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
    page = await browser.newPage({ viewport: SIZES[0] });
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
  await service?.close();
});

/** The view as a user sees it at both sizes, light and dark: `<name>-<w>x<h>-<scheme>.png`. */
async function shootAll(name: string, focus?: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(250); // charts resize on a ResizeObserver
      if (focus) await page.locator(focus).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}-${scheme}.png`), });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(SIZES[0]);
}

async function storedMap(runId: string, method: string, index: number): Promise<MapView> {
  const r = await service.call('experimentView', { kind: 'blackbox', view: 'map', params: { runId, method, index } });
  assert.ok(r.ok, `blackbox map ${method} #${index}`);
  return r.value as MapView;
}

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

test('browser: dataset → gallery → training → maps a user can read → wipe → compare runs → report', { skip: missing ?? false, timeout: 420_000 }, async () => {
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
  assert.equal(await page.isDisabled('[data-testid=filter-split]'), true, 'split filter waits for a trained run');
  assert.match((await page.textContent('.why')) ?? '', /Train a model on this dataset first/, 'the gallery says why');
  await shootAll('1-datasets');
  await page.selectOption('[data-testid=filter-box]', 'box');
  assert.ok((await page.locator('[data-testid=thumb]').count()) > 0);

  // Train; the curve moves while it runs, then the run completes.
  await page.click('[data-testid=tab-training]');
  await page.fill('[data-testid=epochs]', '4');
  await page.click('[data-testid=start-training]');
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid=images-per-second]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.screenshot({ path: join(SHOTS, '3-training-live-1400x900-light.png') });
  await page.waitForSelector('[data-testid=train-status]:has-text("completed")', { timeout: 120_000 });
  // The accuracy shown is the host's number for this run, as a percentage with two decimals: a NaN
  // ('NaN%'), a missing number ('–') or another run's number fails here.
  const runs = await service.call('listRuns', {});
  assert.ok(runs.ok, 'listRuns');
  const trained = (runs.value as RunManifest[]).filter((r) => r.status === 'completed');
  assert.equal(trained.length, 1, 'one completed training run');
  const accuracy = trained[0].testAccuracy;
  assert.ok(typeof accuracy === 'number' && Number.isFinite(accuracy) && accuracy >= 0 && accuracy <= 1, `host test accuracy ${accuracy}`);
  assert.equal((await page.textContent('[data-testid=test-accuracy]'))?.trim(), `${(100 * accuracy).toFixed(2)}%`);
  assert.match((await page.textContent('[data-testid=train-epochs]')) ?? '', /^4 \/ 4$/);
  assert.ok((await page.locator('[data-testid=chart-training-curves] canvas').count()) > 0, 'the training chart is drawn');
  await shootAll('3-training');

  // The gallery's filters now use that run; the enlarged view shows label and prediction, steps, closes on Esc.
  await page.click('[data-testid=tab-datasets]');
  await page.waitForSelector('[data-testid=filter-split]:not([disabled])');
  await page.selectOption('[data-testid=filter-split]', 'test');
  await page.click('[data-testid=thumb] >> nth=0');
  await page.waitForSelector('[data-testid=enlarged]');
  assert.match((await page.textContent('[data-testid=enlarged-label]')) ?? '', /^box/);
  assert.match((await page.textContent('[data-testid=enlarged-prediction]')) ?? '', /(box|no box) \((correct|wrong)\) · test split/);
  const first = await page.textContent('[data-testid=enlarged-facts] dd');
  await page.keyboard.press('ArrowRight');
  assert.notEqual(await page.textContent('[data-testid=enlarged-facts] dd'), first, '→ steps to the next image');
  await shootAll('2-enlarged');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=enlarged]', { state: 'detached' });
  await page.selectOption('[data-testid=filter-split]', 'all');

  // Maps: progress shows in the view while they compute; then the table of maps.
  await page.click('[data-testid=tab-saliency]');
  await page.waitForSelector('[data-testid=compute-maps]:not([disabled])');
  await page.click('[data-testid=compute-maps]');
  await page.waitForSelector('[data-testid=inline-progress]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid=map-canvas]', { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=map-canvas]').length >= 8 && document.querySelectorAll('[data-testid=row-facts]').length >= 4);
  const runId = (await page.inputValue('[data-testid=saliency-run]')) as string;

  // A map canvas is the colour scale applied to the stored map (at its extremes, a zero and a few more).
  const canvases = await page.$$eval('[data-testid=map-canvas]', (els) => els.map((c) => ({ method: c.getAttribute('data-method')!, index: Number(c.getAttribute('data-index')), max: Number(c.getAttribute('data-max')), sign: c.getAttribute('data-sign') as ScaleSign })));
  for (const c of canvases.slice(0, 4)) {
    const stored = await storedMap(runId, c.method, c.index);
    const v = stored.values;
    assert.ok(Math.abs(c.max - absPercentile(v, 99.5)) <= 1e-6 * Math.max(1, c.max), `${c.method} #${c.index}: the scale is the stored map's p99.5 of |S|`);
    const byAbs = v.map((x, p) => [Math.abs(x), p]).sort((a, b) => b[0] - a[0]);
    const points = [byAbs[0][1], byAbs[Math.floor(v.length / 2)][1], byAbs[v.length - 1][1], 0, Math.floor(v.length / 3), v.length - 1];
    const pixels = await page.evaluate(
      ({ method, index, points, size }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid=map-canvas][data-method="${method}"][data-index="${index}"]`)!;
        const data = canvas.getContext('2d')!.getImageData(0, 0, size, size).data;
        const distinct = new Set<number>();
        for (let p = 0; p < size * size; p++) distinct.add((data[p * 4] << 16) | (data[p * 4 + 1] << 8) | data[p * 4 + 2]);
        return { at: points.map((p) => [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]]), distinct: distinct.size };
      },
      { method: c.method, index: c.index, points, size: stored.size },
    );
    assert.ok(pixels.distinct > 3, `${c.method} #${c.index}: the canvas is not blank (${pixels.distinct} colours)`);
    points.forEach((p, k) => assert.deepEqual(pixels.at[k], colourOf(v[p], c.max, c.sign), `${c.method} #${c.index} pixel ${p}: S = ${v[p]}`));
    // Its colour bar states that range.
    const ticks = await page.$$eval(`[data-testid=map-cell][data-method="${c.method}"]:has([data-index="${c.index}"]) [data-testid=colorbar-tick]`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(ticks, [`-${formatScaleValue(c.max)}`.replace('--', '-'), '0', `+${formatScaleValue(c.max)}`], 'colour bar numbers are the map range');
  }
  // Each row says the predicted class and the logit.
  const facts = await page.$$eval('[data-testid=row-logit]', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(facts.every((f) => /box logit [+−]\d+\.\d\d/.test(f)), `logits on every row: ${facts.join(' | ')}`);

  // The metrics table shows numbers, never NaN.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=histograms] canvas').length >= 2);
  const table = (await page.textContent('[data-testid=metrics-table]')) ?? '';
  assert.ok(table.includes('rectgrad') && table.includes('nobias-rectgrad'));
  assert.ok(!/NaN|undefined/.test(table), 'no NaN in the metrics table');
  const medians = await page.$$eval('[data-testid=metric-cell] .median', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(medians.length >= 16 && medians.every((m) => /^-?\d+(\.\d+)?(%|×)?$/.test(m)), `medians are numbers: ${medians.join(' ')}`);
  await shootAll('4-saliency-maps', '.saliency .main > h3');

  // Fixed scale: starts from the largest value on screen and shows it; an empty field says so, never ±1.
  await page.selectOption('[data-testid=scale-mode]', 'fixed');
  const fixed = Number(await page.inputValue('[data-testid=fixed-max]'));
  assert.ok(fixed > 0, 'the fixed value is prefilled');
  await page.waitForFunction((v) => document.querySelector('[data-testid=map-canvas]')?.getAttribute('data-max') === String(v), fixed);
  assert.equal(await page.locator('[data-testid=colorbar-tick] >> nth=2').textContent(), `+${formatScaleValue(fixed)}`);
  await page.fill('[data-testid=fixed-max]', '');
  assert.match((await page.textContent('.warn')) ?? '', /No fixed value/);
  assert.notEqual(await page.locator('[data-testid=map-canvas]').first().getAttribute('data-max'), '1');
  await page.selectOption('[data-testid=scale-mode]', 'per-map');

  // A chart exported as PNG downloads a picture (with its title and run drawn above it).
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=histograms] .chart-tools button >> nth=0')]);
  assert.match(download.suggestedFilename(), /^histogram-rectgrad\.png$/);
  await download.saveAs(join(SHOTS, 'export-histogram-rectgrad.png'));

  // Hovering a map shows its value there.
  const cell = page.locator('[data-testid=map-canvas]').first();
  await cell.scrollIntoViewIfNeeded();
  const box = (await cell.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  assert.match((await page.locator('[data-testid=map-readout]').first().textContent()) ?? '', /S = /);

  // The wipe: dragged on the image itself; its redraw time per move is measured (reported, not asserted).
  await page.locator('[data-testid=wipe]').scrollIntoViewIfNeeded();
  const frame = page.locator('[data-testid=wipe-frame]');
  const fb = (await frame.boundingBox())!;
  await page.evaluate(() => {
    const w = window as unknown as { __frameMs: number[] };
    w.__frameMs = [];
    document.querySelector('[data-testid=wipe-frame]')!.addEventListener('pointermove', () => {
      const t = performance.now();
      requestAnimationFrame(() => setTimeout(() => w.__frameMs.push(performance.now() - t), 0));
    });
  });
  await page.mouse.move(fb.x + fb.width * 0.5, fb.y + fb.height / 2);
  await page.mouse.down();
  await page.mouse.move(fb.x + fb.width * 0.15, fb.y + fb.height / 2, { steps: 40 });
  await page.mouse.up();
  const pos = Number(await frame.getAttribute('aria-valuenow'));
  assert.ok(pos < 25, `dragging on the image moved the wipe (now ${pos}%)`);
  const timing = await page.evaluate(() => ({ handler: (window as unknown as { __wipeTimings: number[] }).__wipeTimings ?? [], frame: (window as unknown as { __frameMs: number[] }).__frameMs }));
  const stat = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    return s.length ? `median ${s[Math.floor(s.length / 2)].toFixed(2)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms (n = ${s.length})` : 'n = 0';
  };
  console.log(`wipe drag: handler ${stat(timing.handler)}; pointer move → next frame ${stat(timing.frame)}`);

  await shootAll('5-saliency-wipe', '#wipe');

  // The difference toggle changes the picture and states its own scale.
  await page.locator('[data-testid=wipe]').scrollIntoViewIfNeeded();
  const before = await frame.screenshot();
  await page.check('[data-testid=difference]');
  await page.waitForSelector('[data-testid=diff-colorbar]');
  const after = await frame.screenshot();
  assert.notDeepEqual(before, after, 'the difference map is a different picture');
  // Comparing methods, the default is the difference of magnitudes, and the legend says what red means.
  assert.match((await page.textContent('[data-testid=diff-colorbar]')) ?? '', /\|A\| − \|B\|, symmetric ±/);
  assert.match((await page.textContent('[data-testid=diff-legend]')) ?? '', /red: \|[^|]+\| larger/);
  // Switching |A| − |B| ↔ A − B redraws the picture (it kept the previous one while the legend changed:
  // RectGrad − No-Bias is positive in the box, |RectGrad| − |No-Bias| negative).
  const magnitudePicture = await page.locator('[data-testid=wipe-diff]').screenshot();
  await page.selectOption('[data-testid=difference-kind]', 'signed');
  await page.waitForFunction(() => /A − B, symmetric/.test(document.querySelector('[data-testid=diff-colorbar]')?.textContent ?? ''));
  assert.notDeepEqual(await page.locator('[data-testid=wipe-diff]').screenshot(), magnitudePicture, 'the signed difference is a different picture');
  await page.selectOption('[data-testid=difference-kind]', 'magnitude');
  await shootAll('5-saliency-wipe-difference', '[data-testid=wipe]');
  await shootAll('6-saliency-histograms-metrics', '[data-testid=metrics-table]');
  await page.uncheck('[data-testid=difference]');
  await page.check('[data-testid=blend]');
  await page.check('[data-testid=histogram-log]');
  await shootAll('6-saliency-blend', '[data-testid=map-rows]');
  await shootAll('6-saliency-histograms-log', '[data-testid=histograms]');

  // A second, shorter run (no maps) to compare with the first.
  await page.click('[data-testid=tab-training]');
  await page.fill('[data-testid=epochs]', '2');
  await page.fill('input[type=number] >> nth=2', '2'); // seed
  await page.click('[data-testid=start-training]');
  await page.waitForSelector('[data-testid=train-status]:has-text("completed")', { timeout: 120_000 });

  // Runs: tick both; curves overlay, metrics compare with a message for the run without maps.
  await page.click('[data-testid=tab-runs]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=compare-run]').length === 2);
  await page.click('[data-testid=compare-run] >> nth=0');
  await page.click('[data-testid=compare-run] >> nth=1');
  await page.waitForSelector('[data-testid=chart-runs-curves] canvas');
  await page.waitForSelector('[data-testid=no-maps-message]');
  await page.waitForSelector('[data-testid=compare-table]');
  assert.ok(!/NaN/.test((await page.textContent('[data-testid=compare-table]')) ?? ''));
  await shootAll('7-runs-compare');
  await shootAll('7-runs-compare-metrics', '[data-testid=compare-metrics]');

  // Report.
  await page.waitForSelector('[data-testid=open-report]:not([disabled])');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('[data-testid=open-report]:not([disabled])')]);
  await popup.waitForLoadState();
  assert.match(await popup.title(), /Saliency Bias Lab report/);
  assert.ok((await popup.locator('svg').count()) > 0);
  await popup.screenshot({ path: join(SHOTS, '8-report.png'), fullPage: true });
  await popup.close();

  // The same report as PDF (issue 19), printed by the host's Chromium and served as media.
  const [pdfPopup] = await Promise.all([page.waitForEvent('popup'), page.click('[data-testid=open-report-pdf]:not([disabled])')]);
  await pdfPopup.close();
  const pdfUrl = await page.getAttribute('[data-testid=report-link]', 'href');
  assert.match(pdfUrl ?? '', /\/report\/report\.pdf$/);
  const pdf = await page.request.get(new URL(pdfUrl!, server.url).href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');

  // The job bar folds finished jobs and clears them.
  await page.click('[data-testid=jobs-toggle]');
  assert.ok((await page.locator('[data-testid=jobs-finished] li').count()) >= 3);
  await page.click('[data-testid=jobs-clear]');
  assert.equal(await page.locator('[data-testid=jobs-toggle]').count(), 0);
  assert.deepEqual(errors, [], 'no uncaught page errors');
});

/** Pixels of a canvas that are not the panel's background (a drawn chart, not an empty frame). */
async function inkedPixels(selector: string): Promise<number> {
  return page.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let p = 0; p < d.length; p += 4) if (d[p + 3] > 0 && (d[p] < 235 || d[p + 1] < 235 || d[p + 2] < 235)) n++;
    return n;
  });
}

test('browser: a tiny VAE concept experiment from the launcher → training, concept, maps and Fig. 2b a user can read', { skip: missing ?? false, timeout: 420_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.click('[data-testid=tab-experiments]');
  await page.click('[data-testid=experiment-kinds] li[data-kind=vae-concept]');
  await page.waitForSelector('[data-testid=experiment-stages] li[data-stage=maps]');
  assert.match((await page.textContent('[data-testid=experiment-summary]')) ?? '', /RectGrad/);
  // Defaults and bounds come from the host's schema.
  assert.equal(await page.getAttribute('[data-testid="field-train.epochs"]', 'min'), '1');
  assert.equal(await page.getAttribute('[data-testid="field-train.epochs"]', 'max'), '1000');
  assert.equal(await page.isChecked('[data-testid=experiment-quick]'), true);
  assert.equal(await page.getAttribute('[data-testid="field-dataset.count"]', 'placeholder'), '2000', 'Quick shows the quick preset’s count');
  await shootAll('0-experiments-launcher');

  // A size the encoder cannot take is refused by the host, in one line next to the form.
  await page.fill('[data-testid="field-dataset.size"]', '48');
  await page.click('[data-testid=start-experiment]');
  await page.waitForSelector('[data-testid=experiment-error]');
  const refusal = (await page.textContent('[data-testid=experiment-error]')) ?? '';
  assert.match(refusal, /dataset\.size: expected a multiple of 32/);
  assert.ok(!refusal.includes('\n'));

  // The tiny run: 240 faces of 32², one epoch, 30 + 30 concept faces, 3 faces per group, RectGrad pair, no padding trick.
  await page.fill('[data-testid="field-dataset.size"]', '32');
  await page.fill('[data-testid="field-dataset.count"]', '240');
  await page.fill('[data-testid="field-train.epochs"]', '1');
  await page.fill('[data-testid="field-concept.perGroup"]', '30');
  await page.fill('[data-testid="field-maps.perGroup"]', '3');
  for (const m of ['gradient', 'guided-backprop']) {
    const box = page.locator(`[data-testid="field-maps.methods"] input[value="${m}"]`);
    if (await box.isChecked()) await box.uncheck();
  }
  for (const m of ['rectgrad', 'nobias-rectgrad']) await page.locator(`[data-testid="field-maps.methods"] input[value="${m}"]`).check();
  await page.uncheck('[data-testid="field-maps.options.paddingTrick"]');
  await page.click('[data-testid=start-experiment]');
  await page.waitForSelector('[data-testid=experiment-progress][data-status=running]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid=experiment-stages] li.now', { timeout: 30_000 });
  await page.screenshot({ path: join(SHOTS, '0-experiments-running-1400x900-light.png') });

  // When it is done, the run opens in the VAE view by itself.
  await page.waitForSelector('[data-testid=vae-auroc]', { timeout: 300_000 });
  await page.waitForSelector('[data-testid=vae-status]:has-text("completed")', { timeout: 60_000 });
  const runId = (await page.inputValue('[data-testid=vae-run]')) as string;
  const host = await service.call('experimentView', { kind: 'vae-concept', view: 'run', params: { runId } });
  assert.ok(host.ok);
  const overview = host.value as ConceptRunView;
  assert.ok(overview.concept && overview.maps, 'the run has its concept and maps');
  assert.deepEqual(overview.maps.methods.map((m) => m.method).sort(), ['nobias-rectgrad', 'rectgrad']);
  assert.equal(overview.manifest.experimentConfig && (overview.manifest.experimentConfig as { maps: { options: { paddingTrick: boolean } } }).maps.options.paddingTrick, false, 'what the form set is what ran');

  // Concept: the AUROC a user reads is the host's.
  await page.click('[data-testid=vae-tab-concept]');
  await page.waitForSelector('[data-testid=concept-auroc]');
  assert.equal(await page.textContent('[data-testid=concept-auroc]'), overview.concept.auroc.toFixed(3));
  assert.equal(await page.textContent('[data-testid=vae-auroc]'), overview.concept.auroc.toFixed(3));
  await page.waitForSelector('[data-testid=chart-concept-scores] canvas');
  await shootAll('10-vae-concept');

  // Training: curves and the reconstructions of the fixed test faces.
  await page.click('[data-testid=vae-tab-training]');
  await page.waitForSelector('[data-testid=recon-epoch-row] canvas');
  assert.ok((await inkedPixels('[data-testid=recon-epoch-row] canvas')) > 0, 'a reconstruction is drawn');
  await shootAll('9-vae-training');

  // Maps: faces × methods; a canvas is the colour scale applied to the stored map at a few points.
  await page.click('[data-testid=vae-tab-maps]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=concept-map-cell] [data-testid=map-canvas]').length >= 6, null, { timeout: 30_000 });
  const canvases = await page.$$eval('[data-testid=concept-map-cell] [data-testid=map-canvas]', (els) => els.map((c) => ({ method: c.getAttribute('data-method')!, index: Number(c.getAttribute('data-index')), max: Number(c.getAttribute('data-max')), sign: c.getAttribute('data-sign') as ScaleSign })));
  let inked = 0;
  for (const c of canvases.slice(0, 4)) {
    const r = await service.call('experimentView', { kind: 'vae-concept', view: 'map', params: { runId, method: c.method, index: c.index } });
    assert.ok(r.ok);
    const stored = r.value as ConceptMapView;
    const v = stored.values;
    const byAbs = v.map((x, p) => [Math.abs(x), p]).sort((a, b) => b[0] - a[0]);
    const points = [byAbs[0][1], byAbs[Math.floor(v.length / 4)][1], byAbs[v.length - 1][1], 0, Math.floor(v.length / 3), v.length - 1];
    const px = await page.evaluate(
      ({ method, index, points, size }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid=concept-map-cell] [data-testid=map-canvas][data-method="${method}"][data-index="${index}"]`)!;
        const data = canvas.getContext('2d')!.getImageData(0, 0, size, size).data;
        const distinct = new Set<number>();
        for (let p = 0; p < size * size; p++) distinct.add((data[p * 4] << 16) | (data[p * 4 + 1] << 8) | data[p * 4 + 2]);
        return { at: points.map((p) => [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]]), distinct: distinct.size };
      },
      { method: c.method, index: c.index, points, size: stored.size },
    );
    if (px.distinct > 3) inked++;
    points.forEach((p, k) => assert.deepEqual(px.at[k], colourOf(v[p], c.max, c.sign), `${c.method} #${c.index} pixel ${p}: S = ${v[p]}`));
    const ticks = await page.$$eval(`[data-testid=concept-map-cell][data-method="${c.method}"]:has([data-index="${c.index}"]) [data-testid=colorbar-tick]`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(ticks, [`-${formatScaleValue(c.max)}`.replace('--', '-'), '0', `+${formatScaleValue(c.max)}`], 'colour bar numbers are the row’s range');
  }
  assert.ok(inked > 0, 'at least one concept map is not blank');
  assert.ok((await page.locator('[data-testid=concept-map-rows] [data-testid=eye-outline]').count()) > 0, 'eye regions are outlined');
  const numbers = (await page.textContent('[data-testid=concept-metrics-table]')) ?? '';
  assert.ok(!/NaN|undefined/.test(numbers) && /n = \d+/.test(numbers), 'numbers with n');
  // Hovering a map reads its value there.
  const first = page.locator('[data-testid=concept-map-cell] [data-testid=map-canvas]').first();
  const fb = (await first.boundingBox())!;
  await page.mouse.move(fb.x + fb.width / 2, fb.y + fb.height * 0.4);
  assert.match((await page.locator('[data-testid=concept-map-cell] [data-testid=map-readout]').first().textContent()) ?? '', /S = /);
  await shootAll('11-vae-maps', '[data-testid=concept-map-rows]');

  // Fig. 2b: both scatters drawn, with a point per pixel.
  await page.locator('#fig2b').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid=chart-fig2b-rectgrad] canvas');
  await page.waitForSelector('[data-testid=chart-fig2b-nobias-rectgrad] canvas');
  await page.waitForTimeout(300);
  assert.ok((await inkedPixels('[data-testid=chart-fig2b-nobias-rectgrad] canvas')) > 2000, 'the No-Bias scatter has points');
  assert.ok((await inkedPixels('[data-testid=chart-fig2b-rectgrad] canvas')) > 2000, 'the RectGrad scatter has points');
  await shootAll('12-vae-fig2b', '#fig2b');

  // Data: the faces gallery with glasses and attribute filters and eye-region outlines.
  await page.click('[data-testid=vae-data]');
  await page.waitForSelector('[data-testid=filter-glasses]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=thumb]').length > 20);
  await page.selectOption('[data-testid=filter-glasses]', 'dark');
  await page.waitForFunction(() => /^\d+ of 240 shown/.test(document.querySelector('[data-testid=gallery-count]')?.textContent ?? ''));
  const shownDark = Number(((await page.textContent('[data-testid=gallery-count]')) ?? '').split(' ')[0]);
  assert.ok(shownDark > 0 && shownDark < 240);
  assert.ok((await page.locator('[data-testid=thumb] .eye-outline').count()) > 0, 'thumbnails outline the eye region');
  await page.click('[data-testid=thumb] >> nth=0');
  assert.equal(await page.textContent('[data-testid=enlarged-glasses]'), 'dark glasses');
  await page.keyboard.press('Escape');
  await page.selectOption('[data-testid=filter-attr-Eyeglasses]', 'without');
  await page.waitForSelector('[data-testid=gallery-empty]');
  await page.selectOption('[data-testid=filter-attr-Eyeglasses]', 'any');
  await page.selectOption('[data-testid=filter-glasses]', 'all');
  await shootAll('13-faces-gallery');

  // Runs: the VAE run says its kind; the black-box views keep to classifier runs.
  await page.click('[data-testid=tab-runs]');
  await page.waitForSelector(`[data-testid=runs-table] tr[data-run="${runId}"] [data-testid=run-kind]:has-text("VAE concept")`);
  await page.click('[data-testid=tab-saliency]');
  const options = await page.$$eval('[data-testid=saliency-run] option', (els) => els.map((e) => (e as HTMLOptionElement).value));
  assert.ok(!options.includes(runId), 'the saliency run picker does not offer the VAE run');
  await page.click('[data-testid=tab-training]');
  assert.ok(!(await page.$$eval('[data-testid=train-dataset] option', (els) => els.map((e) => e.textContent ?? ''))).some((t) => /faces/.test(t)), 'the classifier is not offered a faces dataset');
  await page.click('[data-testid=tab-runs]');
  await page.click(`[data-testid=runs-table] tr[data-run="${runId}"] td.name a`);
  await page.waitForSelector('[data-testid=vae-stats]');
  assert.deepEqual(errors, [], 'no uncaught page errors');
});
