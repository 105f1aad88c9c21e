/**
 * Experiment 3's views in a browser against `serve`'s server (issues 9 and 10): import a tiny Keras-layout
 * ResNet (.h5 the test writes, 1000 outputs so ImageNet names show) in the Models view, with a bad path
 * refused in one line; a resnet50 run on it whose numbers, top-5, map pixels, colour bars, hover values
 * and Fig. 3b scatters are what the host stored; a black-box run trained on centred inputs whose
 * preprocessing the runs table shows, and its suppressed-point sweep started from the Sweep view.
 * Screenshots at 1400×900 and 1024×700, light and dark, go to test-output/e2e/.
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
import { absPercentile, colourOf, formatScaleValue, type ScaleSign } from '../../src/shared/color-scale.ts';
import type { JobInfo, ModelMapView, ModelRunView, SweepView } from '../../src/shared/lab-api.ts';
import type { ModelManifest } from '../../src/shared/models.ts';
import type { AnyDatasetManifest } from '../../src/shared/dataset.ts';
import { DEFAULT_BLACKBOX_DATASET } from '../../src/shared/dataset.ts';
import { chromiumMissing, launchChromium } from '../helpers/browser.ts';
import { TINY_RESNET, writeKerasResnetH5 } from '../helpers/keras-files.ts';
import { noLeak, useBackend } from '../helpers/engine.ts';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
] as const;
const missing = chromiumMissing();
const root = mkdtempSync(join(tmpdir(), 'sbl-e2e-models-'));
const h5 = join(root, 'tiny-imagenet-resnet.h5');
let service: LabService;
let server: WebServer;
let browser: Browser;
let page: Page;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  service = new LabService(join(root, 'ws'), { backend: 'wasm', mediaBase: '/media' });
  server = await startWebServer({ service, staticDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)) });
  if (missing === null) {
    await useBackend('cpu');
    await noLeak(() => writeKerasResnetH5(h5, { naming: 'keras1', shape: { ...TINY_RESNET, classes: 1000 } }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: SIZES[0] });
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
  await service?.close();
});

async function call<T>(name: Parameters<LabService['call']>[0], params: unknown): Promise<T> {
  const r = await service.call(name, params);
  assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error.message}`);
  return r.value as T;
}

/** Waits for a host job to leave 'running'; it must be done. */
async function finished(jobId: string, timeoutMs = 240_000): Promise<JobInfo> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const j = (await call<JobInfo[]>('listJobs', {})).find((x) => x.id === jobId);
    if (j && j.status !== 'running') {
      assert.equal(j.status, 'done', `job ${j.label}: ${j.error?.message ?? j.status}`);
      return j;
    }
    assert.ok(Date.now() < until, `job ${jobId} still running`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function shootAll(name: string, focus?: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(250);
      if (focus) await page.locator(focus).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(SIZES[0]);
}

async function inkedPixels(selector: string): Promise<number> {
  return page.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let p = 0; p < d.length; p += 4) if (d[p + 3] > 0 && (d[p] < 235 || d[p + 1] < 235 || d[p + 2] < 235)) n++;
    return n;
  });
}

const float32 = (b64: string) => {
  const b = Buffer.from(b64, 'base64');
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
};

test('browser: Models import, a ResNet50 run a user can read, a centred run and its sweep', { skip: missing ?? false, timeout: 600_000 }, async () => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=engine-badge]:has-text("wasm")');

  // Models: a bad path is one line next to the form; the tiny .h5 imports with its preset and zero point.
  await page.click('[data-testid=tab-resnet50]');
  await page.click('[data-testid=zp-tab-models]');
  await page.fill('[data-testid=model-source]', join(root, 'missing.h5'));
  await page.click('[data-testid=model-import-start]');
  await page.waitForSelector('[data-testid=model-import-error]', { timeout: 60_000 });
  const refusal = (await page.textContent('[data-testid=model-import-error]')) ?? '';
  assert.match(refusal, /missing\.h5/);
  assert.ok(!refusal.includes('\n'));
  await page.fill('[data-testid=model-source]', h5);
  await page.fill('[data-testid=model-name]', 'tiny imagenet resnet');
  await page.click('[data-testid=model-import-start]');
  await page.waitForSelector('[data-testid=model-row]', { timeout: 120_000 });
  const [model] = await call<ModelManifest[]>('listModels', {});
  assert.equal(model.preprocessing, 'caffe');
  const row = page.locator(`[data-testid=model-row][data-model="${model.id}"]`);
  assert.equal(await row.locator('[data-testid=model-input]').textContent(), model.inputSize.join(' × '));
  assert.match((await row.locator('[data-testid=model-preset]').textContent()) ?? '', /caffe · z = 0\.485, 0\.458, 0\.408/);
  assert.equal(await row.locator('[data-testid=model-classes]').textContent(), '1000 (ImageNet names)');
  assert.equal(await page.locator('[data-testid=model-import-error]').count(), 0, 'a successful import clears the error');
  await shootAll('m1-models');

  // A resnet50 run on it (started as the launcher would), then a trained black-box run with centred inputs.
  const { jobId: rj } = await call<{ jobId: string }>('startExperiment', { kind: 'resnet50', config: { weights: model.id, size: 32, count: 3, seed: 2, maps: { methods: ['rectgrad', 'nobias-rectgrad', 'gradient'] } } });
  const { jobId: dj } = await call<{ jobId: string }>('experimentJob', { kind: 'blackbox', job: 'dataset', params: { config: { ...DEFAULT_BLACKBOX_DATASET, size: 32, count: 200, seed: 3 } } });
  const resnetJob = await finished(rj);
  await finished(dj);
  const [ds] = await call<AnyDatasetManifest[]>('listDatasets', {});
  const { jobId: tj, runId: centredRun } = await call<{ jobId: string; runId: string }>('experimentJob', { kind: 'blackbox', job: 'train', params: { datasetId: ds.id, config: { epochs: 3, seed: 1, preprocessing: 'centred' } } });

  // ResNet50 view: the run opens from the runs list; numbers are the host's.
  await page.click('[data-testid=tab-runs]');
  await page.waitForSelector(`[data-testid=runs-table] tr[data-run="${resnetJob.runId}"]`);
  await page.click(`[data-testid=runs-table] tr[data-run="${resnetJob.runId}"] td.name a`);
  await page.waitForSelector('[data-testid=zero-point-numbers]');
  const view = await call<ModelRunView>('experimentView', { kind: 'resnet50', view: 'run', params: { runId: resnetJob.runId } });
  const r = view.results!;
  assert.equal(r.preset, 'caffe');
  assert.match((await page.textContent('[data-testid=resnet50-preset]')) ?? '', /caffe.*zero point 0\.485, 0\.458, 0\.408/);
  assert.equal(await page.textContent('[data-testid=resnet50-images]'), '3');
  for (const m of r.methods) {
    const tr = page.locator(`[data-testid=zero-point-numbers] tr[data-method="${m.method}"]`);
    assert.equal(await tr.locator('[data-testid=zp-suppression]').textContent(), m.zeroPointSuppression === null ? '–' : `${m.zeroPointSuppression.toFixed(3)}×`);
    assert.equal(await tr.locator('[data-testid=zp-spearman]').textContent(), Number.isFinite(m.intensitySpearman) ? m.intensitySpearman.toFixed(3) : '–');
    assert.equal(await tr.locator('[data-testid=zp-lowest]').textContent(), m.lowestBin === null ? '–' : `d = ${m.lowestBin.toFixed(2)}`);
  }
  assert.ok(!/NaN|undefined/.test((await page.textContent('[data-testid=zero-point-numbers]')) ?? ''));
  assert.ok((await page.getAttribute('[data-testid=zero-point-numbers] th:nth-child(3)', 'title'))!.startsWith('Zero-point suppression: mean |S|'), 'definitions on hover');
  // Top-5 with ImageNet names, the explained class marked.
  const top = r.top5[0];
  const facts = (await page.locator('[data-testid=image-facts]').first().textContent()) ?? '';
  assert.ok(facts.includes(`${top[0].index} ${top[0].name!.replace(/_/g, ' ')}`), `top-1 with its name: ${facts}`);
  assert.equal(await page.locator('[data-testid=image-facts]').first().locator('[data-testid=top5] li').count(), 5);
  assert.match((await page.textContent('[data-testid=resnet50-class]')) ?? '', /each image's top class/);
  await page.waitForSelector('[data-testid=chart-zero-point-binned] canvas');
  await shootAll('m2-resnet50');

  // Maps: each canvas is the colour scale applied to the stored map; colour bars carry its range.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=model-map-canvas]').length >= 9, null, { timeout: 30_000 });
  let inked = 0;
  for (const method of ['rectgrad', 'nobias-rectgrad', 'gradient']) {
    const stored = await call<ModelMapView>('experimentView', { kind: 'resnet50', view: 'map', params: { runId: resnetJob.runId, method, index: 1 } });
    const v = float32(stored.values);
    const max = absPercentile(v, 99.5);
    const sel = `[data-testid=model-map-canvas][data-method="${method}"][data-index="1"]`;
    assert.ok(Math.abs(Number(await page.getAttribute(sel, 'data-max')) - max) <= 1e-6 * Math.max(1, max), `${method}: per-map scale`);
    const byAbs = Array.from(v, (x, p) => [Math.abs(x), p]).sort((a, b) => b[0] - a[0]);
    const points = [byAbs[0][1], byAbs[Math.floor(v.length / 4)][1], byAbs[v.length - 1][1], 0, Math.floor(v.length / 3), v.length - 1];
    const px = await page.evaluate(
      ({ sel, points, size }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(sel)!;
        const data = canvas.getContext('2d')!.getImageData(0, 0, size, size).data;
        const distinct = new Set<number>();
        for (let p = 0; p < size * size; p++) distinct.add((data[p * 4] << 16) | (data[p * 4 + 1] << 8) | data[p * 4 + 2]);
        return { at: points.map((p) => [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]]), distinct: distinct.size };
      },
      { sel, points, size: stored.size },
    );
    if (px.distinct > 3) inked++;
    points.forEach((p, k) => assert.deepEqual(px.at[k], colourOf(v[p], max, 'signed' as ScaleSign), `${method} pixel ${p}: S = ${v[p]}`));
    const ticks = await page.$$eval(`[data-testid=model-map-cell][data-method="${method}"]:has([data-index="1"]) [data-testid=colorbar-tick]`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(ticks, [`-${formatScaleValue(max)}`.replace('--', '-'), '0', `+${formatScaleValue(max)}`], `${method}: colour bar numbers are the map's range`);
  }
  assert.ok(inked > 0, 'maps are not blank');
  assert.ok((await inkedPixels('[data-testid=model-input-canvas][data-index="0"]')) > 0, 'the input is drawn');
  // Hover: S, the raw RGB and the caffe (BGR) model input.
  const cell = page.locator('[data-testid=model-map-canvas][data-method="rectgrad"][data-index="0"]');
  const box = (await cell.boundingBox())!;
  await cell.hover({ position: { x: box.width * 0.55, y: box.height * 0.45 }, timeout: 10_000 });
  const readout = (await page.locator('[data-testid=model-map-cell][data-method="rectgrad"] [data-testid=model-map-readout]').first().textContent()) ?? '';
  assert.match(readout, /S = .*raw RGB \d\.\d\d, \d\.\d\d, \d\.\d\d.*caffe BGR .* d = \d\.\d\d/);
  await shootAll('m3-resnet50-maps', '[data-testid=resnet50-maps]');

  // Fig. 3b: RectGrad and No-Bias RectGrad side by side, both with points.
  await page.locator('[data-testid=chart-fig3b-rectgrad]').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid=chart-fig3b-nobias-rectgrad] canvas');
  await page.waitForTimeout(300);
  assert.ok((await inkedPixels('[data-testid=chart-fig3b-rectgrad] canvas')) > 500, 'the RectGrad scatter has points');
  assert.ok((await inkedPixels('[data-testid=chart-fig3b-nobias-rectgrad] canvas')) > 500, 'the No-Bias scatter has points');
  await page.click('[data-testid=scatter-row-1]');
  assert.equal(await page.inputValue('[data-testid=scatter-image]'), '1');
  await shootAll('m4-resnet50-fig3b', '[data-testid=scatter-image]');

  // The centred run: the runs table and the training form say so.
  await finished(tj, 240_000);
  await page.click('[data-testid=tab-runs]');
  await page.waitForSelector(`[data-testid=runs-table] tr[data-run="${centredRun}"] [data-testid=run-preprocessing]:has-text("centred")`);
  await page.click('[data-testid=tab-training]');
  assert.deepEqual(await page.$$eval('[data-testid=train-preprocessing] option', (els) => els.map((e) => (e as HTMLOptionElement).value)), ['unit', 'centred']);

  // Sweep: opened from the run's row; start it with another preset; the table and panels are the host's.
  await page.click('[data-testid=tab-runs]');
  await page.click(`[data-testid=runs-table] tr[data-run="${centredRun}"] [data-testid=open-sweep]`);
  await page.waitForSelector('[data-testid=sweep-form]');
  assert.match((await page.textContent('[data-testid=sweep-run-preprocessing]')) ?? '', /centred.*paper · z = 0\.500, 0\.500, 0\.500/);
  assert.equal(await page.getAttribute('[data-testid=sweep-bins]', 'min'), '2', 'the browser refuses 1 bin before the store does');
  await page.fill('[data-testid=sweep-bins]', '11');
  await page.fill('[data-testid=sweep-limit]', '12');
  await page.check('[data-testid=sweep-preset-unit]');
  await page.click('[data-testid=sweep-start]');
  await page.waitForSelector('[data-testid=sweep-table] [data-testid=sweep-row]', { timeout: 240_000 });
  const sweep = (await call<SweepView>('experimentView', { kind: 'sweep', view: 'result', params: { runId: centredRun } })).sweep!;
  assert.deepEqual(sweep.panels.map((p) => p.preset), ['paper', 'unit']);
  assert.equal(sweep.indices.length, 12);
  for (const p of sweep.panels) {
    const tr = page.locator(`[data-testid=sweep-row][data-preset="${p.preset}"]`);
    assert.equal(await tr.locator('[data-testid=sweep-zero-point]').textContent(), `${p.zeroPoint.toFixed(3)} (${p.zeroPointBin.toFixed(2)})`);
    const lowest = p.methods.rectgrad.lowestBin;
    assert.equal(await tr.locator('[data-testid=sweep-rect-lowest]').textContent(), lowest === null ? '–' : lowest.toFixed(2));
    assert.equal(await tr.locator('[data-testid=sweep-evidence]').textContent(), p.own ? 'measurement' : 'illustration of x ⊙ R', 'a panel the model was not trained on is an illustration');
    assert.ok(((await tr.locator('[data-testid=sweep-band]').textContent()) ?? '').startsWith(p.suppressedBin === null ? '–' : p.suppressedBin.toFixed(2)));
    await page.waitForSelector(`[data-testid=chart-sweep-${p.preset}] canvas`);
    assert.ok((await inkedPixels(`[data-testid=chart-sweep-${p.preset}] canvas`)) > 500, `${p.preset} panel drawn`);
  }
  assert.ok(!/NaN|undefined/.test((await page.textContent('[data-testid=sweep-table]')) ?? ''));
  await shootAll('m5-sweep');
  assert.deepEqual(errors, [], 'no uncaught page errors');
});
