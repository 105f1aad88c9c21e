/**
 * Media, dataset images, reports and batch aggregates are read only from inside the workspace (issue 7):
 * a manifest naming `../../outside`, a symlink in a dataset, run or batch folder, a folder that is itself
 * a symlink, a path that climbs out, and a FIFO are all refused, while the real files next to them are
 * still served.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../../../src/main/host/workspace.ts';
import { resolveMedia } from '../../../../src/main/host/media.ts';
import { readDatasetItems, readDatasetPixels } from '../../../../src/main/host/dataset-images.ts';
import { confinedPath } from '../../../../src/node/confine.ts';
import { LabError } from '../../../../src/shared/result.ts';
import type { DatasetManifest } from '../../../../src/shared/dataset.ts';

const SIZE = 16;
let base: string;
let outside: string;
let ws: Workspace;

function manifest(id: string, files: { images: string; items: string }): DatasetManifest {
  return {
    id, kind: 'blackbox', name: id, createdAt: '2024-01-01T00:00:00.000Z', sourceDescription: 'test', size: SIZE, count: 1,
    counts: { withBox: 0, withoutBox: 1, skipped: 0 }, skipped: [], files, seed: 1,
    config: { source: 'generated', size: SIZE, count: 1, seed: 1, boxMinFraction: 0.2, boxMaxFraction: 0.4 },
  } as unknown as DatasetManifest;
}

function dataset(id: string, files = { images: 'images.bin', items: 'items.json' }, dir = ws.datasetDir(id)): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest(id, files)));
  writeFileSync(join(dir, 'images.bin'), Buffer.alloc(SIZE * SIZE * 3, 7));
  writeFileSync(join(dir, 'items.json'), JSON.stringify([{ index: 0, hasBox: false }]));
  return dir;
}

const refused = async (path: string) => {
  try {
    return (await resolveMedia(ws, path)) === null;
  } catch (e) {
    return e instanceof LabError;
  }
};

before(async () => {
  base = mkdtempSync(join(tmpdir(), 'sbl-confine-'));
  outside = join(base, 'outside');
  mkdirSync(outside);
  // The outside secret: valid as images (right size) and as a report, so only confinement stops it.
  writeFileSync(join(outside, 'secret.bin'), Buffer.alloc(SIZE * SIZE * 3, 200));
  writeFileSync(join(outside, 'secret.json'), JSON.stringify([{ secret: true }]));
  writeFileSync(join(outside, 'report.html'), '<p>secret</p>');
  ws = new Workspace(join(base, 'ws'));
  await ws.open();
});

after(() => rmSync(base, { recursive: true, force: true }));

test('a real dataset image and a real report are served (control)', async () => {
  dataset('good');
  const m = await resolveMedia(ws, 'datasets/good/images/0.png');
  assert.equal(m?.contentType, 'image/png');
  mkdirSync(join(ws.runDir('run-good'), 'report'), { recursive: true });
  writeFileSync(join(ws.runDir('run-good'), 'report', 'report.html'), '<p>ours</p>');
  assert.equal(String((await resolveMedia(ws, 'runs/run-good/report/report.html'))?.body), '<p>ours</p>');
});

test('a manifest naming files outside its folder reads nothing', async () => {
  dataset('up', { images: '../../../outside/secret.bin', items: '../../../outside/secret.json' });
  dataset('abs', { images: join(outside, 'secret.bin'), items: join(outside, 'secret.json') });
  for (const id of ['up', 'abs']) {
    assert.equal(await refused(`datasets/${id}/images/0.png`), true, id);
    const m = await ws.readDataset(id);
    await assert.rejects(async () => await readDatasetPixels(ws.datasetDir(id), m, 0, 1), LabError);
    // The error may echo the name the manifest gave, but says nothing about the file behind it.
    await assert.rejects(async () => await readDatasetItems(ws.datasetDir(id), m), (e: Error) => e instanceof LabError && !/\b(768|27)\b|bytes/.test(e.message));
  }
});

test('a symlink inside a dataset or run folder that points outside is refused', async () => {
  const dir = dataset('linked');
  rmSync(join(dir, 'images.bin'));
  symlinkSync(join(outside, 'secret.bin'), join(dir, 'images.bin'));
  assert.equal(await refused('datasets/linked/images/0.png'), true);
  await assert.rejects(async () => await readDatasetPixels(dir, await ws.readDataset('linked'), 0, 1), (e: Error) => e instanceof LabError && !e.message.includes(outside) && !/768|bytes/.test(e.message));

  mkdirSync(ws.runDir('run-file-link'), { recursive: true });
  mkdirSync(join(ws.runDir('run-file-link'), 'report'));
  symlinkSync(join(outside, 'report.html'), join(ws.runDir('run-file-link'), 'report', 'report.html'));
  assert.equal(await refused('runs/run-file-link/report/report.html'), true);

  mkdirSync(ws.runDir('run-dir-link'), { recursive: true });
  symlinkSync(outside, join(ws.runDir('run-dir-link'), 'report'));
  assert.equal(await refused('runs/run-dir-link/report/report.html'), true);
});

test('a dataset or run folder that is itself a symlink out of the workspace is refused', async () => {
  const elsewhere = dataset('moved', undefined, join(outside, 'moved'));
  symlinkSync(elsewhere, ws.datasetDir('moved'));
  assert.equal(await refused('datasets/moved/images/0.png'), true);
  mkdirSync(join(outside, 'run-away', 'report'), { recursive: true });
  writeFileSync(join(outside, 'run-away', 'report', 'report.html'), '<p>secret</p>');
  symlinkSync(join(outside, 'run-away'), ws.runDir('run-away'));
  assert.equal(await refused('runs/run-away/report/report.html'), true);
});

test('a symlink that stays inside the folder is followed', async () => {
  const dir = dataset('inner');
  writeFileSync(join(dir, 'real.bin'), Buffer.alloc(SIZE * SIZE * 3, 9));
  rmSync(join(dir, 'images.bin'));
  symlinkSync('real.bin', join(dir, 'images.bin'));
  assert.equal((await resolveMedia(ws, 'datasets/inner/images/0.png'))?.contentType, 'image/png');
});

test('a FIFO in place of the images file is refused without blocking', { timeout: 30_000 }, async () => {
  const dir = dataset('fifo');
  rmSync(join(dir, 'images.bin'));
  execFileSync('mkfifo', [join(dir, 'images.bin')]);
  assert.equal(await refused('datasets/fifo/images/0.png'), true);
  await assert.rejects(async () => await readDatasetPixels(dir, await ws.readDataset('fifo'), 0, 1), /not a regular file/);
});

test('a batch aggregate page is served as HTML; a symlinked one, a symlinked batch folder and a climbing path are not', async () => {
  mkdirSync(ws.batchDir('batch-good'), { recursive: true });
  writeFileSync(join(ws.batchDir('batch-good'), 'aggregate.html'), '<p>aggregate</p>');
  const m = await resolveMedia(ws, 'batches/batch-good/aggregate.html');
  assert.equal(m?.contentType, 'text/html; charset=utf-8');
  assert.equal(String(m?.body), '<p>aggregate</p>');

  mkdirSync(ws.batchDir('batch-file-link'), { recursive: true });
  symlinkSync(join(outside, 'report.html'), join(ws.batchDir('batch-file-link'), 'aggregate.html'));
  assert.equal(await refused('batches/batch-file-link/aggregate.html'), true);

  mkdirSync(join(outside, 'batch-away'), { recursive: true });
  writeFileSync(join(outside, 'batch-away', 'aggregate.html'), '<p>secret</p>');
  symlinkSync(join(outside, 'batch-away'), ws.batchDir('batch-away'));
  assert.equal(await refused('batches/batch-away/aggregate.html'), true);

  // Paths that try to climb out or name another file are not matched at all.
  for (const path of ['batches/../outside/report.html', 'batches/batch-good/../../../outside/report.html', 'batches/batch-good/aggregate.json', 'batches/batch-good/batch.json', 'batches/Batch-Good/aggregate.html', 'batches//aggregate.html']) {
    assert.equal(await resolveMedia(ws, path), null, path);
  }
  assert.equal(await refused('batches/batch-missing/aggregate.html'), true);
});

test('confinedPath refuses names that leave the root lexically', () => {
  for (const name of ['..', '../x', 'a/../../x', join(outside, 'secret.bin'), '', 'a\0b']) {
    assert.throws(() => confinedPath(ws.root, name), (e: Error) => e instanceof LabError && (e.kind === 'bad-input'), JSON.stringify(name));
  }
  assert.equal(confinedPath(ws.root, 'datasets/good/images.bin'), join(ws.root, 'datasets', 'good', 'images.bin'));
});
