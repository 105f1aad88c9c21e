/** CelebA import from tiny fixtures in the official layout, written by the test itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { importCeleba } from '../../../../src/worker/data/celeba.ts';
import { celebaCrop } from '../../../../src/worker/data/celeba-crop.ts';
import { buildFaces } from '../../../../src/worker/experiments/vae-concept/build-faces.ts';
import { DARK_LENS_THRESHOLD, eyeglassesCountsText } from '../../../../src/shared/faces.ts';
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

/**
 * Issue 15, item 6: CelebA has no sunglasses attribute. Faces painted with near-black or pale lenses over
 * their eye landmarks (and one without glasses but with dark eye shadows) must come out dark, clear and
 * none, with their measured lens darkness, and the dataset's counts must say so and how.
 */
test('Eyeglasses faces are split into dark and clear lenses by the measured lens darkness; the counts say how', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sbl-celeba-lens-'));
  mkdirSync(join(root, 'img_align_celeba'));
  const eyes = [
    [69, 109],
    [106, 113],
  ];
  // [file, Eyeglasses, lens value inside the boxes]: 12 ≈ sunglasses, 200 = a pale clear lens over the eye.
  const faces: Array<[string, number, number | null]> = [
    ['000001.jpg', 1, 12],
    ['000002.jpg', -1, 30],
    ['000003.jpg', 1, 200],
    ['000004.jpg', 1, 25],
    ['000005.jpg', -1, null],
  ];
  for (const [file, , lens] of faces) {
    const raw = Buffer.alloc(178 * 218 * 3, 150);
    for (const [ex, ey] of eyes) {
      for (let y = ey - 10; y <= ey + 10; y++) {
        for (let x = ex - 15; x <= ex + 15; x++) {
          const frame = Math.abs(x - ex) >= 14 || Math.abs(y - ey) >= 9;
          if (lens !== null) raw.fill(frame ? 20 : lens, (y * 178 + x) * 3, (y * 178 + x) * 3 + 3);
        }
      }
    }
    await sharp(raw, { raw: { width: 178, height: 218, channels: 3 } }).jpeg().toFile(join(root, 'img_align_celeba', file));
  }
  writeFileSync(join(root, 'list_attr_celeba.txt'), [String(faces.length), NAMES.join(' '), ...faces.map(([f, g]) => `${f} -1 ${g} 1`)].join('\n'));
  writeFileSync(join(root, 'list_landmarks_align_celeba.txt'), [String(faces.length), 'lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y', ...faces.map(([f]) => `${f} ${MARKS}`)].join('\n'));

  const out = await importCeleba({ root, size: 32, count: 10, seed: 1, testFraction: 0.2 });
  assert.deepEqual(out.items.map((it) => it.eyeglasses), ['dark', 'none', 'clear', 'dark', 'none'], JSON.stringify(out.items.map((it) => it.lensDarkness)));
  const lens = out.items.map((it) => it.lensDarkness!);
  assert.ok(lens[0] < 0.1 && lens[3] < 0.15 && lens[2] > 0.7 && Math.abs(lens[4] - 150 / 255) < 0.02, lens.join(', '));
  assert.ok(lens[1] < DARK_LENS_THRESHOLD, 'no glasses stays "none" however dark the eyes are');

  const staging = mkdtempSync(join(tmpdir(), 'sbl-celeba-build-'));
  const built = await buildFaces({ config: { source: { kind: 'celeba', path: root }, size: 32, count: 10, seed: 1, testFraction: 0.2 }, stagingDir: staging }, () => {}, () => false);
  assert.deepEqual(built.eyeglassesStyles, { dark: 2, clear: 1, none: 2 });
  assert.equal(built.eyeglassesSplit.by, 'lens-darkness');
  assert.equal(built.eyeglassesSplit.threshold, DARK_LENS_THRESHOLD);
  assert.equal(eyeglassesCountsText(built), `2 dark glasses, 1 clear, 2 none (dark vs clear by lens luma < ${DARK_LENS_THRESHOLD})`);
  const stored = JSON.parse(readFileSync(join(staging, 'items.json'), 'utf8')) as Array<{ lensDarkness?: number }>;
  assert.deepEqual(stored.map((it) => it.lensDarkness), lens, 'items.json keeps each face’s value for the gallery');
  for (const r of [root, staging]) rmSync(r, { recursive: true, force: true });
});
