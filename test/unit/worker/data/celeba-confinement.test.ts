/**
 * Issue 16: a CelebA import reads nothing outside the folder the user named and never blocks. List rows
 * are file names inside the image folder (`../../outside/secret.png`, `/dev/zero` refused with the line),
 * lists and images are regular files opened without blocking (a FIFO is refused at once), symlinks out of
 * the folder are refused, lists are capped in bytes and rows, and a garbled line is quoted short and
 * escaped. Every fixture is written by the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { importCeleba, type CelebaImportOptions } from '../../../../src/worker/data/celeba.ts';

const NAMES = ['Eyeglasses', 'Smiling'];
const MARK_NAMES = 'lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y';
const MARKS = '69 109 106 113 77 142 73 152 108 154';
const FILES = ['000001.jpg', '000002.jpg', '000003.jpg'];

const face = (v: number) => sharp(Buffer.alloc(178 * 218 * 3, v), { raw: { width: 178, height: 218, channels: 3 } }).png().toBuffer();

/** T/celeba (the folder the user names) and T/outside/secret.png (a readable face it must never import). */
async function layout(rows: { attr?: string[]; marks?: string[]; partition?: string[] } = {}) {
  const top = mkdtempSync(join(tmpdir(), 'sbl-celeba-confine-'));
  const root = join(top, 'celeba');
  const img = join(root, 'img_align_celeba');
  const outside = join(top, 'outside');
  mkdirSync(img, { recursive: true });
  mkdirSync(outside);
  for (const [i, f] of FILES.entries()) writeFileSync(join(img, f), await face(60 + i * 40));
  writeFileSync(join(outside, 'secret.png'), await face(250));
  const attr = rows.attr ?? FILES.map((f) => `${f} 1 -1`);
  const marks = rows.marks ?? FILES.map((f) => `${f} ${MARKS}`);
  writeFileSync(join(root, 'list_attr_celeba.txt'), [String(attr.length), NAMES.join(' '), ...attr].join('\n'));
  writeFileSync(join(root, 'list_landmarks_align_celeba.txt'), [String(marks.length), MARK_NAMES, ...marks].join('\n'));
  if (rows.partition) writeFileSync(join(root, 'list_eval_partition.txt'), rows.partition.join('\n'));
  return { top, root, img, outside, done: () => rmSync(top, { recursive: true, force: true }) };
}

const options = (root: string, more: Partial<CelebaImportOptions> = {}): CelebaImportOptions => ({ root, size: 16, count: 10, seed: 1, testFraction: 0, ...more });

/** One line, and no raw control character anywhere in it. */
function oneSafeLine(message: string): void {
  assert.equal(message.split('\n').length, 1, message);
  // eslint-disable-next-line no-control-regex -- the point of the check
  assert.doesNotMatch(message, /[\u0000-\u001f\u007f-\u009f]/, message);
}

/**
 * Replaces `path` by a FIFO and starts a writer that opens it after `afterS` seconds (so the old code,
 * blocked in open, is released and the test ends instead of hanging); the caller stops the writer.
 */
/**
 * A FIFO whose writer comes only after `afterS` seconds: a reader that blocks waits for it, one that refuses
 * returns at once. The bound below only tells "returned" from "waited for the writer" (no speed threshold:
 * a busy machine takes seconds, a blocking read takes the writer's 30).
 */
function fifoWithLateWriter(path: string, afterS = 30) {
  rmSync(path, { force: true });
  execFileSync('mkfifo', [path]);
  const writer = spawn('sh', ['-c', `sleep ${afterS}; : > "$0"`, path], { stdio: 'ignore' });
  return () => writer.kill('SIGKILL');
}

test('a row naming ../../outside/secret.png in the attribute or the landmark list is refused with its line; the outside face is never imported', async () => {
  for (const list of ['attr', 'marks'] as const) {
    const bad = '../../outside/secret.png';
    const f = await layout(list === 'attr' ? { attr: [...FILES.map((x) => `${x} 1 -1`), `${bad} 1 1`], marks: [...FILES, bad].map((x) => `${x} ${MARKS}`) } : { marks: [...FILES, bad].map((x) => `${x} ${MARKS}`) });
    const file = list === 'attr' ? 'list_attr_celeba.txt' : 'list_landmarks_align_celeba.txt';
    await assert.rejects(importCeleba(options(f.root)), (e: Error) => {
      assert.equal(e.message, `${join(f.root, file)}: line 6 names "../../outside/secret.png", not a file name inside the image folder`);
      return true;
    });
    f.done();
  }
});

test('a row naming /dev/zero, or a sibling of the image folder in the partition list, is refused with its line', async () => {
  const f = await layout({ attr: [...FILES.map((x) => `${x} 1 -1`), '/dev/zero 1 1'] });
  await assert.rejects(importCeleba(options(f.root)), /list_attr_celeba\.txt: line 6 names "\/dev\/zero", not a file name inside the image folder$/);
  f.done();
  const g = await layout({ partition: [...FILES.map((x) => `${x} 0`), '../list_attr_celeba.txt 2'] });
  await assert.rejects(importCeleba(options(g.root)), /list_eval_partition\.txt: line 4 names "\.\.\/list_attr_celeba\.txt", not a file name inside the image folder$/);
  g.done();
});

test('a FIFO named list_attr_celeba.txt (or the landmark or partition list) is refused at once, never waited on', async () => {
  for (const file of ['list_attr_celeba.txt', 'list_landmarks_align_celeba.txt', 'list_eval_partition.txt']) {
    const f = await layout();
    const stop = fifoWithLateWriter(join(f.root, file));
    const t0 = Date.now();
    try {
      await assert.rejects(importCeleba(options(f.root)), (e: Error) => {
        assert.equal(e.message, `${join(f.root, file)}: list is not a regular file (a FIFO)`);
        return true;
      });
      assert.ok(Date.now() - t0 < 20_000, `${file}: waited ${Date.now() - t0} ms, for the FIFO's writer (a blocking read)`);
    } finally {
      stop();
      f.done();
    }
  }
});

test('an image that is a symlink out of the folder, a folder or a FIFO named like an image, is skipped and listed at once, never read', async () => {
  const f = await layout();
  rmSync(join(f.img, '000001.jpg'));
  symlinkSync(join(f.outside, 'secret.png'), join(f.img, '000001.jpg'));
  rmSync(join(f.img, '000002.jpg'));
  mkdirSync(join(f.img, '000002.jpg'));
  const stop = fifoWithLateWriter(join(f.img, '000003.jpg'));
  const t0 = Date.now();
  try {
    await assert.rejects(importCeleba(options(f.root)), (e: Error) => {
      assert.match(e.message, /no readable images \(3 skipped, first: 000001\.jpg: .*000001\.jpg: image is a symbolic link leading outside /);
      oneSafeLine(e.message);
      return true;
    });
    assert.ok(Date.now() - t0 < 20_000, `waited ${Date.now() - t0} ms, for the FIFO's writer (a blocking read)`);
  } finally {
    stop();
  }
  // With one good face left the import goes on and lists each reason.
  writeFileSync(join(f.img, '000004.jpg'), await face(90));
  writeFileSync(join(f.root, 'list_attr_celeba.txt'), ['4', NAMES.join(' '), ...[...FILES, '000004.jpg'].map((x) => `${x} 1 -1`)].join('\n'));
  writeFileSync(join(f.root, 'list_landmarks_align_celeba.txt'), ['4', MARK_NAMES, ...[...FILES, '000004.jpg'].map((x) => `${x} ${MARKS}`)].join('\n'));
  const stop2 = fifoWithLateWriter(join(f.img, '000003.jpg'));
  try {
    const out = await importCeleba(options(f.root));
    assert.deepEqual(out.items.map((it) => it.origin), ['000004.jpg']);
    const why = Object.fromEntries(out.skipped.map((s) => [s.file, s.reason]));
    assert.match(why['000001.jpg'], /image is a symbolic link leading outside/);
    assert.match(why['000002.jpg'], /image is not a regular file \(a folder\)/);
    assert.match(why['000003.jpg'], /image is not a regular file \(a FIFO\)/);
  } finally {
    stop2();
    f.done();
  }
});

// /dev/null, not the issue's /dev/zero: the refusal is the same (a real path outside the folder), and a
// regression must not make this test read without end.
test('an image symlinked to a device (/dev/null) is refused by its real path before it is opened', async () => {
  const f = await layout();
  rmSync(join(f.img, '000002.jpg'));
  symlinkSync('/dev/null', join(f.img, '000002.jpg'));
  const out = await importCeleba(options(f.root));
  assert.deepEqual(out.items.map((it) => it.origin), ['000001.jpg', '000003.jpg']);
  assert.match(out.skipped[0].reason, /000002\.jpg: image is a symbolic link leading outside/);
  f.done();
});

test('a list, or the image folder, symlinked out of the CelebA folder is refused', async () => {
  const f = await layout();
  writeFileSync(join(f.outside, 'attrs.txt'), ['3', NAMES.join(' '), ...FILES.map((x) => `${x} 1 -1`)].join('\n'));
  rmSync(join(f.root, 'list_attr_celeba.txt'));
  symlinkSync(join(f.outside, 'attrs.txt'), join(f.root, 'list_attr_celeba.txt'));
  await assert.rejects(importCeleba(options(f.root)), (e: Error) => {
    assert.equal(e.message, `${join(f.root, 'list_attr_celeba.txt')}: list is a symbolic link leading outside ${f.root}`);
    return true;
  });
  rmSync(join(f.root, 'list_attr_celeba.txt'));
  writeFileSync(join(f.root, 'list_attr_celeba.txt'), ['3', NAMES.join(' '), ...FILES.map((x) => `${x} 1 -1`)].join('\n'));
  execFileSync('mv', [f.img, join(f.outside, 'imgs')]);
  symlinkSync(join(f.outside, 'imgs'), f.img);
  await assert.rejects(importCeleba(options(f.root)), /img_align_celeba: image folder is a symbolic link leading outside /);
  f.done();
});

test('a huge list (bytes or rows past the caps) is refused naming it, before it is parsed', async () => {
  const f = await layout();
  const big = Array.from({ length: 400 }, (_, i) => `${String(i + 1).padStart(6, '0')}.jpg ${MARKS}`);
  writeFileSync(join(f.root, 'list_landmarks_align_celeba.txt'), ['400', MARK_NAMES, ...big].join('\n'));
  await assert.rejects(importCeleba(options(f.root, { listLimits: { bytes: 4096 } })), (e: Error) => {
    assert.match(e.message, /list_landmarks_align_celeba\.txt: list is \d+ bytes, more than the 4096 the lab reads for it$/);
    return true;
  });
  await assert.rejects(importCeleba(options(f.root, { listLimits: { rows: 100 } })), /list_landmarks_align_celeba\.txt: line 103 is past the 100 rows the lab reads from a list$/);
  // Millions of blank lines are walked, not split into an array of millions of strings.
  writeFileSync(join(f.root, 'list_eval_partition.txt'), `${'\n'.repeat(20_000_000)}${FILES.map((x) => `${x} 0`).join('\n')}`);
  const rss = process.memoryUsage().rss;
  const out = await importCeleba(options(f.root));
  assert.equal(out.items.length, 3);
  assert.ok(process.memoryUsage().rss - rss < 120 * 2 ** 20, `RSS grew ${(process.memoryUsage().rss - rss) / 2 ** 20} MiB`);
  f.done();
});

test('a repeated row is refused with both lines, not silently overwritten', async () => {
  const f = await layout({ attr: [...FILES.map((x) => `${x} 1 -1`), '000001.jpg -1 -1'] });
  await assert.rejects(importCeleba(options(f.root)), /list_attr_celeba\.txt: line 6 repeats "000001\.jpg" \(first on line 3\)$/);
  f.done();
});

test('a garbled line is quoted short and escaped: no raw control character reaches any message', async () => {
  const esc = '\u001b[2J\u001b[31mPWNED\u0007';
  const f = await layout({ attr: [...FILES.map((x) => `${x} 1 -1`), `${esc}${'x'.repeat(500)} 1 nope`] });
  await assert.rejects(importCeleba(options(f.root)), (e: Error) => {
    oneSafeLine(e.message);
    assert.ok(e.message.includes('line 6 is not "<file> <numbers>": "\\u001b[2J\\u001b[31mPWNED\\u0007xxx'), e.message);
    assert.ok(e.message.length < join(f.root, 'list_attr_celeba.txt').length + 150, `excerpt too long: ${e.message.length}`);
    return true;
  });
  f.done();
  // C1 controls and bidi overrides too (JSON.stringify alone leaves them raw), in a row name or a column name.
  const g = await layout({ attr: [...FILES.map((x) => `${x} 1 -1`), '\u009b2J\u202e.jpg 1 1'] });
  await assert.rejects(importCeleba(options(g.root)), (e: Error) => {
    oneSafeLine(e.message);
    assert.ok(e.message.includes('line 6 names "\\u009b2J\\u202e.jpg", not a file name'), e.message);
    return true;
  });
  writeFileSync(join(g.root, 'list_attr_celeba.txt'), ['3', `Eyeglasses \u001b]0;title\u0007`, ...FILES.map((x) => `${x} 1 -1`)].join('\n'));
  await assert.rejects(importCeleba(options(g.root)), (e: Error) => {
    oneSafeLine(e.message);
    assert.ok(e.message.includes('line 2 has a column name "\\u001b]0;title\\u0007"'), e.message);
    return true;
  });
  g.done();
});

test('a FIFO named img_align_celeba.zip is refused at once as not a regular file', async () => {
  const f = await layout();
  rmSync(f.img, { recursive: true });
  const stop = fifoWithLateWriter(join(f.root, 'img_align_celeba.zip'));
  try {
    await assert.rejects(importCeleba(options(f.root)), /img_align_celeba\.zip: image zip is not a regular file \(a FIFO\)$/);
  } finally {
    stop();
    f.done();
  }
});
