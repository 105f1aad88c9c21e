/** CelebA import from a tiny fixture in the official layout, written by the test itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { importCeleba } from '../../../../src/worker/data/celeba.ts';
import { celebaCrop } from '../../../../src/worker/data/celeba-crop.ts';
import { writeZip } from '../../../helpers/zip.ts';

const NAMES = ['5_o_Clock_Shadow', 'Eyeglasses', 'Smiling'];
const FILES = ['000001.jpg', '000002.jpg', '000003.png', '000004.jpg', '000005.jpg', '000006.jpg'];
const MARKS = '69 109 106 113 77 142 73 152 108 154';

async function fixture(opts: { csv?: boolean; withoutAttributes?: boolean; zip?: boolean } = {}): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'sbl-celeba-'));
  const img = join(root, 'img_align_celeba');
  mkdirSync(img);
  for (const [i, f] of FILES.entries()) {
    if (f === '000004.jpg') {
      writeFileSync(join(img, f), 'not a jpeg'); // unreadable: skipped and listed
      continue;
    }
    const raw = Buffer.alloc(178 * 218 * 3, 40 + i * 30);
    const s = sharp(raw, { raw: { width: 178, height: 218, channels: 3 } });
    await (f.endsWith('.png') ? s.png() : s.jpeg()).toFile(join(img, f));
  }
  const attrs = FILES.map((f, i) => [f, -1, i % 2 === 0 ? 1 : -1, 1]);
  if (!opts.withoutAttributes) {
    if (opts.csv) writeFileSync(join(root, 'list_attr_celeba.csv'), [['image_id', ...NAMES].join(','), ...attrs.map((r) => r.join(','))].join('\n'));
    else writeFileSync(join(root, 'list_attr_celeba.txt'), [String(FILES.length), NAMES.join(' '), ...attrs.map((r) => r.join(' '))].join('\n'));
  }
  writeFileSync(join(root, 'list_landmarks_align_celeba.txt'), [String(FILES.length), 'lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y', ...FILES.map((f) => `${f} ${MARKS}`)].join('\n'));
  writeFileSync(join(root, 'list_eval_partition.txt'), FILES.map((f, i) => `${f} ${i < 4 ? 0 : 2}`).join('\n'));
  if (opts.zip) {
    // The official zip: a folder entry, then img_align_celeba/<file>; stored and deflated entries mixed.
    const names = readdirSync(img).sort();
    writeZip(join(root, 'img_align_celeba.zip'), [
      { name: 'img_align_celeba/', data: Buffer.alloc(0) },
      ...names.map((f, i) => ({ name: `img_align_celeba/${f}`, data: readFileSync(join(img, f)), deflate: i % 2 === 1 })),
    ]);
    rmSync(img, { recursive: true });
  }
  return root;
}

test('the crop rule gives about the common 148 × 148 crop around (89, 114) on a typical aligned face', () => {
  const box = celebaCrop(MARKS.split(' ').map(Number), 178, 218);
  assert.ok(Math.abs(box.side - 148) <= 2, `side ${box.side}`);
  assert.ok(Math.abs(box.left + box.side / 2 - 89) <= 2 && Math.abs(box.top + box.side / 2 - 114) <= 2, JSON.stringify(box));
});

for (const [csv, zip] of [[false, false], [true, false], [false, true]]) {
  test(`imports the official layout (${csv ? '.csv' : '.txt'} attributes, images in ${zip ? 'img_align_celeba.zip' : 'a folder'}): crops, masks, splits, skips the unreadable image`, async () => {
    const root = await fixture({ csv, zip });
    const progress: number[] = [];
    const out = await importCeleba({ root, size: 32, count: 10, seed: 1, testFraction: 0.2, onProgress: (d) => progress.push(d) });
    assert.equal(out.items.length, 5);
    assert.deepEqual(out.skipped.map((s) => s.file), ['000004.jpg']);
    assert.deepEqual(out.attributeNames, NAMES);
    assert.deepEqual(out.items.map((it) => it.attributes.Eyeglasses), [1, 0, 1, 1, 0]);
    assert.deepEqual(out.items.map((it) => it.split), ['train', 'train', 'train', 'test', 'test']);
    assert.equal(out.pixels.length, 5 * 32 * 32 * 3);
    assert.equal(out.pixels[0], 40); // flat grey image survives crop and resize
    const it = out.items[0];
    const [ex, ey] = it.landmarks.leftEye;
    assert.ok(ex > 5 && ex < 16 && ey > 8 && ey < 20, `left eye at ${ex}, ${ey}`);
    assert.equal(out.masks[Math.floor(ey) * 32 + Math.floor(ex)], 1);
    const [mx, my] = it.landmarks.mouth;
    assert.equal(out.masks[Math.floor(my) * 32 + Math.floor(mx)], 0);
    assert.ok(progress.length > 0 && progress.at(-1) === 5);
    rmSync(root, { recursive: true, force: true });
  });
}

test('bad input fails with one line naming the file or the option', async () => {
  const root = await fixture({ withoutAttributes: true });
  await assert.rejects(importCeleba({ root, size: 32, count: 4, seed: 1, testFraction: 0.2 }), /list_attr_celeba\.txt: not found/);
  const good = await fixture();
  await assert.rejects(importCeleba({ root: good, size: 32, count: 4, seed: 1, testFraction: 0.2, attribute: 'Sunglasses', perGroup: 1 }), /attribute "Sunglasses" is not in .*list_attr_celeba\.txt/);
  await assert.rejects(importCeleba({ root: good, size: 32, count: 6, seed: 1, testFraction: 0.2, attribute: 'Eyeglasses', perGroup: 3 }), /attribute "Eyeglasses": \d+ of the first \d+ training images .* perGroup = 3/);
  await assert.rejects(importCeleba({ root: join(good, 'nope'), size: 32, count: 4, seed: 1, testFraction: 0.2 }), /nope: not a folder/);
  let cancelled = false;
  await assert.rejects(importCeleba({ root: good, size: 32, count: 4, seed: 1, testFraction: 0.2, isCancelled: () => (cancelled = true) }), /cancelled/);
  assert.ok(cancelled);
  for (const r of [root, good]) rmSync(r, { recursive: true, force: true });
});

test('a zip that is not one, or one without an image, fails or skips with the zip named', async () => {
  const root = await fixture({ zip: true });
  const zip = join(root, 'img_align_celeba.zip');
  writeZip(zip, [{ name: 'img_align_celeba/000001.jpg', data: Buffer.from('not a jpeg') }]);
  await assert.rejects(importCeleba({ root, size: 32, count: 4, seed: 1, testFraction: 0.2 }), (e: Error) => {
    assert.match(e.message, /img_align_celeba\.zip: no readable images \(6 skipped, first: 000001\.jpg/);
    assert.equal(e.message.split('\n').length, 1);
    return true;
  });
  writeFileSync(zip, 'PK but not a zip');
  await assert.rejects(importCeleba({ root, size: 32, count: 4, seed: 1, testFraction: 0.2 }), /img_align_celeba\.zip: not a readable zip/);
  rmSync(zip);
  await assert.rejects(importCeleba({ root, size: 32, count: 4, seed: 1, testFraction: 0.2 }), /img_align_celeba: image folder \(or img_align_celeba\.zip\) not found/);
  rmSync(root, { recursive: true, force: true });
});
