/**
 * The black-box experiment through the LabHost with real worker threads: the quick preset's model (the
 * shared trained fixture) to maps and report, cancel and resume, Imagenette-style download with an
 * interrupted connection, and bad inputs that must give clear errors and leave earlier data intact.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { LabHost } from '../../src/main/host/lab-host.ts';
import { downloadWithResume } from '../../src/main/host/download.ts';
import { DEFAULT_BLACKBOX_DATASET } from '../../src/shared/dataset.ts';
import { decodeNpy } from '../../src/shared/npy.ts';
import { isClassifierConfig } from '../../src/shared/run.ts';
import { unwrap } from '../../src/shared/result.ts';
import { tarGz } from '../helpers/tar-gz.ts';
import { serveFile } from '../helpers/http-server.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import { computeRunMaps } from '../../src/main/host/experiments/blackbox/run-maps.ts';
import { createBlackboxDataset, downloadImagenette } from '../../src/main/host/experiments/blackbox/dataset.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-host-'));
const host = new LabHost({ workspace: join(root, 'ws'), backend: 'wasm' });
after(() => host.close());

test('quick experiment end to end: RectGrad is exactly 0 in the box, No-Bias RectGrad is enriched there', async () => {
  // The quick preset's model (600 images of 32², 8 epochs, seed 1), trained once per test run for every
  // file that needs it (test/helpers/trained-fixture.ts); maps and report are made here, on a copy.
  const fixture = await copyTrainedWorkspace(join(root, 'trained'));
  const trained = new LabHost({ workspace: fixture.workspace, backend: 'wasm' });
  try {
    const ds = await trained.workspace.readDataset(fixture.datasetId);
    assert.deepEqual(ds.config, { ...DEFAULT_BLACKBOX_DATASET, size: 32, count: 600, seed: 1 });
    assert.equal(ds.counts.withBox, 300);
    const dir = trained.workspace.datasetDir(ds.id);
    assert.equal(statSync(join(dir, 'images.bin')).size, 600 * 32 * 32 * 3);
    const items = JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8'));
    assert.equal(items.filter((i: { box: unknown }) => i.box !== null).length, 300);

    const run = await trained.workspace.readRun(fixture.quickRunId);
    assert.ok(isClassifierConfig(run.config));
    assert.deepEqual([run.config.epochs, run.config.seed, run.config.backend], [8, 1, 'wasm']);
    assert.equal(run.status, 'completed');
    assert.ok(run.testAccuracy! >= 0.85, `test accuracy ${run.testAccuracy}`);
    const recorded = await trained.workspace.readMetrics(run.id);
    assert.equal(recorded.filter((e) => e.type === 'epoch').length, 8);
    assert.ok(recorded.some((e) => e.type === 'batch' && e.imagesPerSecond > 0 && Number.isFinite(e.etaSeconds)));
    // What host.train reports live is what it records (the fixture's centred run was trained in-process).
    const live = fixture.centredEvents;
    assert.ok(live.some((e) => e.type === 'batch' && e.imagesPerSecond > 0 && Number.isFinite(e.etaSeconds)));
    assert.deepEqual(await trained.workspace.readMetrics(fixture.centredRunId), live, 'every event is in metrics.jsonl');

    const maps = unwrap(await computeRunMaps(trained, run.id, { methods: ['rectgrad', 'nobias-rectgrad'], limit: 30 }));
    const rect = maps.methods.find((m) => m.method === 'rectgrad')!;
    const nobias = maps.methods.find((m) => m.method === 'nobias-rectgrad')!;
    assert.ok(rect.perImage.every((r) => r.zeroFractionInBox === 1), 'RectGrad: every box pixel exactly 0');
    assert.equal(rect.summary.zeroFractionInBox.median, 1);
    assert.ok(nobias.summary.enrichment.median > 3, `No-Bias enrichment ${nobias.summary.enrichment.median}`);
    assert.equal(maps.comparisons[0].a, 'nobias-rectgrad');
    assert.ok(maps.comparisons[0].p !== null && maps.comparisons[0].p < 0.01, `Wilcoxon p ${maps.comparisons[0].p}`);
    const npy = decodeNpy(readFileSync(join(trained.workspace.runDir(run.id), 'saliency', 'rectgrad.npy')));
    assert.deepEqual(npy.shape, [30, 32, 32, 3]);
    const sidecar = JSON.parse(readFileSync(join(trained.workspace.runDir(run.id), 'saliency', 'nobias-rectgrad.json'), 'utf8'));
    assert.equal(sidecar.options.q, 98);
    assert.equal(sidecar.histogram.inside.length, sidecar.histogramEdges.length - 1);

    const report = unwrap(await trained.writeReport(run.id));
    const html = readFileSync(report, 'utf8');
    assert.match(html, /<svg/);
    assert.match(html, /data:image\/png;base64/);
    assert.match(html, /tfjs-core/);
    assert.ok(html.includes(run.id));
    const manifest = await trained.workspace.readRun(run.id);
    assert.equal(manifest.metrics?.rectgrad.zeroFractionInBox.median, 1);
    assert.equal(manifest.backend?.name, 'wasm');
  } finally {
    await trained.close();
  }
});

test('training can be cancelled and resumes from the last checkpoint', async () => {
  const progress: string[] = [];
  const ds = unwrap(await createBlackboxDataset(host, { ...DEFAULT_BLACKBOX_DATASET, size: 32, count: 120, seed: 2 }, { onProgress: (e) => progress.push(e.stage) }));
  assert.ok(progress.includes('building images'));
  const controller = new AbortController();
  const first = await host.train(
    { datasetId: ds.id, config: { epochs: 3, seed: 3 } },
    { signal: controller.signal, onProgress: (e) => e.type === 'epoch' && e.epoch === 1 && controller.abort() },
  );
  assert.equal(first.ok, false);
  assert.equal(!first.ok && first.error.kind, 'cancelled');
  const runId = (!first.ok && (first.error.details as { runId: string }).runId) as string;
  const cancelled = await host.workspace.readRun(runId);
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.checkpointEpoch, 1);
  assert.ok(existsSync(join(host.workspace.runDir(runId), 'checkpoints', 'latest.json')));

  const epochs: number[] = [];
  const resumed = unwrap(await host.train({ datasetId: ds.id, resumeRunId: runId }, { onProgress: (e) => e.type === 'epoch' && epochs.push(e.epoch) }));
  assert.deepEqual(epochs, [2, 3], 'resumes after the checkpointed epoch');
  assert.equal(resumed.status, 'completed');
  assert.deepEqual(
    (await host.workspace.readMetrics(runId)).filter((e) => e.type === 'epoch').map((e) => e.epoch),
    [1, 2, 3],
  );
  const ckpts = readdirSync(join(host.workspace.runDir(runId), 'checkpoints'));
  assert.deepEqual(ckpts.filter((c) => c.startsWith('epoch-')), ['epoch-003'], 'only the last good checkpoint is kept');
});

async function jpeg(seed: number): Promise<Buffer> {
  const raw = Buffer.from(Array.from({ length: 40 * 48 * 3 }, (_, i) => (i * seed * 13) % 256));
  return sharp(raw, { raw: { width: 48, height: 40, channels: 3 } }).jpeg().toBuffer();
}

test('Imagenette path: an interrupted download resumes, corrupt JPEGs are skipped and listed', async () => {
  const files = [];
  for (let i = 0; i < 12; i++) files.push({ name: `imagenette2-160/train/n0${i % 3}/img${i}.JPEG`, data: await jpeg(i + 1) });
  files.push({ name: 'imagenette2-160/train/n00/broken.JPEG', data: Buffer.from('not a jpeg at all') });
  files.push({ name: 'imagenette2-160/noisy.csv', data: Buffer.from('a,b\n') });
  const archive = tarGz(files);
  const server = await serveFile('/imagenette2-160.tgz', archive);
  try {
    // First attempt: the connection drops half-way; the partial file is kept.
    server.cutNextAfter(Math.floor(archive.length / 2));
    const dest = join(root, 'dl', 'imagenette2-160.tgz');
    await assert.rejects(downloadWithResume(server.url, dest), /connection lost|incomplete/);
    assert.ok(existsSync(`${dest}.part`));
    const got = await downloadWithResume(server.url, dest);
    assert.ok(got.resumedFrom > 0, 'second attempt resumed');
    assert.ok(server.requests.at(-1)!.range?.startsWith('bytes='), 'with a Range request');
    assert.deepEqual(readFileSync(dest), archive);

    // The same download code path through the host, then a dataset from the archive.
    server.cutNextAfter(1000);
    const failed = await downloadImagenette(host, { url: server.url });
    assert.equal(failed.ok, false);
    const stages: string[] = [];
    const ds = unwrap(await createBlackboxDataset(host, { ...DEFAULT_BLACKBOX_DATASET, source: { kind: 'imagenette', url: server.url }, size: 32, count: 10, seed: 4 }, { onProgress: (e) => stages.push(e.stage) }));
    assert.ok(stages.includes('downloading') && stages.includes('reading archive'));
    assert.equal(ds.count, 10);
    assert.ok(ds.counts.skipped <= 1);
    const all = unwrap(await createBlackboxDataset(host, { ...DEFAULT_BLACKBOX_DATASET, source: { kind: 'imagenette', archive: dest }, size: 32, count: 12, seed: 4 }));
    assert.equal(all.counts.skipped, 1, 'the corrupt JPEG is skipped');
    assert.match(all.skipped[0].file, /broken\.JPEG$/);
    assert.ok(all.skipped[0].reason.length > 0);
  } finally {
    await server.close();
  }
});

test('bad inputs give one clear error each and leave earlier data intact', async () => {
  const before = unwrap(await host.listDatasets()).map((d) => d.id);
  const expectError = async (p: Promise<{ ok: boolean; error?: { message: string } }>, pattern: RegExp) => {
    const r = await p;
    assert.equal(r.ok, false);
    assert.match(r.error!.message, pattern);
    assert.equal(r.error!.message.split('\n').length, 1);
  };
  const empty = join(root, 'empty');
  mkdirSync(empty);
  await expectError(createBlackboxDataset(host, { ...DEFAULT_BLACKBOX_DATASET, source: { kind: 'folder', path: empty }, size: 32, count: 10 }), /empty: no images found/);
  const truncated = join(root, 'truncated.tgz');
  const whole = tarGz([{ name: 'a/x.jpg', data: await jpeg(3) }, { name: 'a/y.jpg', data: await jpeg(4) }]);
  writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
  await expectError(createBlackboxDataset(host, { ...DEFAULT_BLACKBOX_DATASET, source: { kind: 'imagenette', archive: truncated }, size: 32, count: 4 }), /truncated\.tgz: (corrupt or truncated|truncated) archive/);
  const few = join(root, 'few');
  mkdirSync(few);
  writeFileSync(join(few, 'one.jpg'), await jpeg(5));
  writeFileSync(join(few, 'bad.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0x00, 1, 2, 3]));
  await expectError(createBlackboxDataset(host, { ...DEFAULT_BLACKBOX_DATASET, source: { kind: 'folder', path: few }, size: 32, count: 4 }), /only 1 readable images for the 4 asked \(1 skipped\)/);
  await expectError(createBlackboxDataset(host, { ...DEFAULT_BLACKBOX_DATASET, size: 7, count: 10 }), /^createDataset: size: expected an integer in \[16, 512\], got 7$/);
  await expectError(host.train({ datasetId: 'ds-missing' }), /dataset "ds-missing" not found/);
  if (process.getuid?.() !== 0) {
    const ro = join(root, 'readonly');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const roHost = new LabHost({ workspace: join(ro, 'ws'), backend: 'wasm' });
    await expectError(createBlackboxDataset(roHost, { ...DEFAULT_BLACKBOX_DATASET, size: 32, count: 10 }), /not writable/);
    await roHost.close();
  } else {
    // Root ignores permissions; a workspace path under a regular file is unwritable for everyone.
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const badHost = new LabHost({ workspace: join(file, 'ws'), backend: 'wasm' });
    await expectError(createBlackboxDataset(badHost, { ...DEFAULT_BLACKBOX_DATASET, size: 32, count: 10 }), /a-file\/ws: workspace is not writable/);
    await badHost.close();
  }
  assert.deepEqual(unwrap(await host.listDatasets()).map((d) => d.id), before, 'no dataset lost or half-written');
  assert.ok(!readdirSync(host.workspace.datasetsDir).some((n) => n.includes('.staging-')), 'no staging folders left behind');
});
