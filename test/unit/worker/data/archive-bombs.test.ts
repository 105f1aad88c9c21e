/**
 * Issue 16, zip bomb: a 1.6 MB zip with one 1.5 GiB entry drove the process to 4 GB RSS. CelebA's zip and
 * the Imagenette .tgz reader refuse an entry over the size cap or an expansion over the ratio cap, naming
 * the entry, before the bytes are held; a zip whose file names repeat (a decoy beside a face) is refused
 * naming both; a .tgz holds only the images, within a total cap, stops on cancel and never blocks on a
 * FIFO. The bombs are 300 MB of zeros deflated by streaming (~300 KB), so the test never holds them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { importCeleba } from '../../../../src/worker/data/celeba.ts';
import { READ_LIMITS } from '../../../../src/node/archive-limits.ts';
import { readTarGz } from '../../../../src/node/tar-gz-reader.ts';
import { openBackgrounds } from '../../../../src/worker/data/background-sources.ts';
import { deflateZeros, writeZip, type ZipEntry } from '../../../helpers/zip.ts';
import { tarGz, tarGzOfZeros } from '../../../helpers/tar-gz.ts';

const MB300 = 300 * 10 ** 6;
const MARK_NAMES = 'lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y';
const MARKS = '69 109 106 113 77 142 73 152 108 154';
const top = mkdtempSync(join(tmpdir(), 'sbl-bombs-'));
const bomb = deflateZeros(MB300);
const face = () => sharp({ create: { width: 178, height: 218, channels: 3, background: { r: 120, g: 90, b: 60 } } }).jpeg().toBuffer();

/** A CelebA folder whose images are `entries` in img_align_celeba.zip, listing 000001–000002.jpg. */
function celebaWithZip(name: string, entries: ZipEntry[]): string {
  const root = join(top, name);
  execFileSync('mkdir', ['-p', root]);
  const files = ['000001.jpg', '000002.jpg'];
  writeFileSync(join(root, 'list_attr_celeba.txt'), ['2', 'Eyeglasses', ...files.map((f) => `${f} 1`)].join('\n'));
  writeFileSync(join(root, 'list_landmarks_align_celeba.txt'), ['2', MARK_NAMES, ...files.map((f) => `${f} ${MARKS}`)].join('\n'));
  writeZip(join(root, 'img_align_celeba.zip'), entries);
  return root;
}

const importIt = (root: string) => importCeleba({ root, size: 16, count: 2, seed: 1, testFraction: 0 });

const rssGrowth = async (run: () => Promise<unknown>) => {
  const before = process.memoryUsage().rss;
  await run().catch(() => {});
  return (process.memoryUsage().rss - before) / 2 ** 20;
};

test('a zip entry declaring 300 MB is refused at open, naming the entry, without inflating it (real cap)', async () => {
  const root = celebaWithZip('declared', [
    { name: 'img_align_celeba/000001.jpg', deflated: await bomb },
    { name: 'img_align_celeba/000002.jpg', data: await face() },
  ]);
  assert.ok(MB300 > READ_LIMITS.entryBytes);
  await assert.rejects(importIt(root), (e: Error) => {
    assert.equal(e.message, `${join(root, 'img_align_celeba.zip')}: entry "img_align_celeba/000001.jpg" declares 300000000 bytes (286.1 MiB), more than the 67108864 bytes (64.0 MiB) the lab reads for an image; refused`);
    return true;
  });
  assert.ok((await rssGrowth(() => importIt(root))) < 100, 'RSS stays small');
});

test('a zip entry under the size cap but expanding more than 100 : 1 is refused, naming it', async () => {
  const root = celebaWithZip('ratio', [
    { name: 'img_align_celeba/000001.jpg', data: await face() },
    { name: 'img_align_celeba/000002.jpg', deflated: await deflateZeros(8 * 2 ** 20) },
  ]);
  await assert.rejects(importIt(root), (e: Error) => {
    assert.match(e.message, /img_align_celeba\.zip: entry "img_align_celeba\/000002\.jpg" expands \d+ bytes to 8388608 bytes \(8\.0 MiB\), more than 100 : 1 \(a zip bomb\?\); refused$/);
    return true;
  });
  // Lower caps (as a test may pass) apply the same way.
  await assert.rejects(importCeleba({ root, size: 16, count: 2, seed: 1, testFraction: 0, limits: { entryBytes: 2 ** 20 } }), /entry "img_align_celeba\/000002\.jpg" declares 8388608 bytes \(8\.0 MiB\), more than the 1048576 bytes/);
});

test('a zip entry whose header understates its size stops at the declared size while streaming (held before: yauzl validates sizes)', async () => {
  const root = celebaWithZip('lying', [
    { name: 'img_align_celeba/000001.jpg', data: await face() },
    { name: 'img_align_celeba/000002.jpg', deflated: await bomb, declaredSize: 1000 },
  ]);
  let out: Awaited<ReturnType<typeof importIt>> | undefined;
  const grew = await rssGrowth(async () => (out = await importIt(root)));
  assert.equal(out?.items.length, 1);
  assert.equal(out?.skipped[0].file, '000002.jpg');
  assert.ok(grew < 100, `RSS grew ${grew} MiB`);
});

test('repeated file names in a zip are refused naming both entries (a decoy must not hide a face), names escaped', async () => {
  const root = celebaWithZip('decoy', [
    { name: 'decoy\u001b[2J/000001.jpg', data: await face() },
    { name: 'img_align_celeba/000001.jpg', data: await face() },
    { name: 'img_align_celeba/000002.jpg', data: await face() },
  ]);
  await assert.rejects(importIt(root), (e: Error) => {
    assert.equal(e.message, `${join(root, 'img_align_celeba.zip')}: 1 file name appears twice (first: "decoy\\u001b[2J/000001.jpg" and "img_align_celeba/000001.jpg"); images are found by file name, so the zip is refused rather than one silently chosen`);
    return true;
  });
});

test('an entry name the zip library refuses is escaped in the message, never echoed raw', async () => {
  const root = celebaWithZip('bad-name', [{ name: '../\u001b[2J\u009bx.jpg', data: await face() }]);
  await assert.rejects(importIt(root), (e: Error) => {
    assert.equal(e.message, `${join(root, 'img_align_celeba.zip')}: damaged zip (invalid relative path: ../\\u001b[2J\\u009bx.jpg)`);
    return true;
  });
});

test('a .tgz image entry of 300 MB is refused from its header, naming it, before it is held (real cap)', async () => {
  const path = join(top, 'big-image.tgz');
  writeFileSync(path, await tarGzOfZeros([{ name: 'a/ok.png', data: Buffer.from('x') }], 'a/huge.png', MB300));
  const seen: string[] = [];
  const grew = await rssGrowth(() =>
    assert.rejects(readTarGz(path, (e) => seen.push(e.name)), (e: Error) => {
      assert.equal(e.message, `${path}: entry "a/huge.png" is 300000000 bytes (286.1 MiB), more than the 67108864 bytes (64.0 MiB) the lab reads for an image; refused`);
      return true;
    }),
  );
  assert.deepEqual(seen, ['a/ok.png']);
  assert.ok(grew < 100, `RSS grew ${grew} MiB`);
});

test('a .tgz that expands more than 100 : 1 is refused naming the entry, even one the reader would skip', async () => {
  const path = join(top, 'big-other.tgz');
  writeFileSync(path, await tarGzOfZeros([], 'a/padding.bin', MB300));
  await assert.rejects(openBackgrounds({ kind: 'imagenette', archive: path }, 16, 1, () => {}), (e: Error) => {
    assert.match(e.message, /big-other\.tgz: the archive \(at entry "a\/padding\.bin"\) expands \d+ bytes to \d+ bytes \(\d+\.\d MiB\), more than 100 : 1 \(a zip bomb\?\); refused$/);
    return true;
  });
});

test('a .tgz holds only its images, at most the total cap; past it the entry is named', async () => {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
  const path = join(top, 'many.tgz');
  writeFileSync(path, tarGz([{ name: 'notes.txt', data: Buffer.alloc(5000, 65) }, ...Array.from({ length: 6 }, (_, i) => ({ name: `img/${i}.png`, data: png }))]));
  const names: string[] = [];
  await readTarGz(path, (e) => names.push(e.name), { want: (n) => n.endsWith('.png') });
  assert.deepEqual(names, ['img/0.png', 'img/1.png', 'img/2.png', 'img/3.png', 'img/4.png', 'img/5.png']);
  await assert.rejects(openBackgrounds({ kind: 'imagenette', archive: path }, 16, 1, () => {}, { limits: { totalBytes: png.length * 4 } }), (e: Error) => {
    assert.equal(e.message, `${path}: entry "img/4.png" takes the images held from the archive past ${png.length * 4} bytes; refused (extract it and use the folder, or fewer images)`);
    return true;
  });
});

test('reading a .tgz stops on cancel between entries', async () => {
  const path = join(top, 'cancel.tgz');
  writeFileSync(path, tarGz(Array.from({ length: 5 }, (_, i) => ({ name: `img/${i}.png`, data: Buffer.alloc(10, i) }))));
  let asked = 0;
  await assert.rejects(openBackgrounds({ kind: 'imagenette', archive: path }, 16, 1, () => {}, { isCancelled: () => ++asked > 2 }), (e: Error & { kind?: string }) => {
    assert.equal(e.kind, 'cancelled');
    return true;
  });
  assert.equal(asked, 3);
});

test('a FIFO named like a .tgz is refused at once, never waited on', async () => {
  const path = join(top, 'fifo.tgz');
  execFileSync('mkfifo', [path]);
  const t0 = Date.now();
  try {
    await assert.rejects(
      Promise.race([readTarGz(path, () => {}), new Promise((_, reject) => setTimeout(() => reject(new Error('still waiting after 20 s: blocked on the FIFO')), 20_000))]),
      (e: Error) => {
        assert.equal(e.message, `${path}: archive is not a regular file (a FIFO)`);
        return true;
      },
    );
    assert.ok(Date.now() - t0 < 20_000, 'blocked on the FIFO');
  } finally {
    // Releases a reader blocked in open (the old code), so the test file can end.
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      /* no reader waiting: nothing to release */
    }
  }
});

test.after(() => rmSync(top, { recursive: true, force: true }));
