/**
 * Background sources that are not generated (issue 7): the .tgz reader (the maintained `tar` package)
 * reads PAX long names and GNU/ustar archives and refuses a truncated archive with one line naming it,
 * wherever it was cut; a folder import skips dangling symlinks and symlink loops, listing them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { create } from 'tar';
import { readTarGz } from '../../../../src/node/tar-gz-reader.ts';
import { openBackgrounds } from '../../../../src/worker/data/background-sources.ts';
import { tarGz } from '../../../helpers/tar-gz.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-archive-'));

async function read(path: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  await readTarGz(path, (e) => out.set(e.name, e.data.length));
  return out;
}

const png = () => sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 200, g: 30, b: 90 } } }).png().toBuffer();

test('a PAX archive with a long name (> 100 bytes) is read with its full name', async () => {
  const src = join(root, 'pax-src');
  const long = `${'deep-folder-name-'.repeat(5)}/${'very-long-image-name-'.repeat(6)}.png`;
  mkdirSync(join(src, long, '..'), { recursive: true });
  writeFileSync(join(src, long), await png());
  writeFileSync(join(src, 'short.png'), await png());
  const archive = join(root, 'pax.tgz');
  await create({ gzip: true, file: archive, cwd: src, portable: true }, ['short.png', long]);
  assert.ok(gunzipSync(readFileSync(archive)).includes(Buffer.from('path=')), 'the archive really uses a PAX header');
  const entries = await read(archive);
  assert.ok(long.length > 100);
  assert.ok(entries.has(long), `read ${[...entries.keys()].join(', ')}`);
  assert.ok(entries.has('short.png'));
});

test('ustar archives (the test helper, Imagenette) still read', async () => {
  const archive = join(root, 'ustar.tgz');
  writeFileSync(archive, tarGz([{ name: 'a/x.png', data: Buffer.from('xyz') }, { name: 'a/y.png', data: Buffer.alloc(1000, 1) }]));
  assert.deepEqual([...(await read(archive))], [['a/x.png', 3], ['a/y.png', 1000]]);
});

test('a truncated archive is one line naming it, wherever it was cut', async () => {
  const whole = tarGz([{ name: 'a/x.png', data: Buffer.alloc(3000, 7) }, { name: 'a/y.png', data: Buffer.alloc(3000, 9) }]);
  const raw = gunzipSync(whole);
  const cuts: Array<[string, Buffer]> = [
    ['compressed stream cut', whole.subarray(0, Math.floor(whole.length * 0.6))],
    ['inside a file', gzipSync(raw.subarray(0, 512 + 1000))],
    ['between files, no end blocks', gzipSync(raw.subarray(0, 512 + 3072))],
    ['inside a header', gzipSync(raw.subarray(0, 512 + 3072 + 100))],
  ];
  for (const [what, bytes] of cuts) {
    const path = join(root, `cut-${what.replace(/\W+/g, '-')}.tgz`);
    writeFileSync(path, bytes);
    await assert.rejects(read(path), (e: Error) => {
      assert.ok(e.message.startsWith(`${path}: truncated archive`), `${what}: ${e.message}`);
      assert.equal(e.message.split('\n').length, 1);
      return true;
    });
  }
});

test('folder import skips dangling symlinks and symlink loops like unreadable files, and lists them', async () => {
  const dir = join(root, 'folder');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'good.png'), await png());
  writeFileSync(join(dir, 'sub', 'also-good.png'), await png());
  symlinkSync(join(dir, 'nowhere.png'), join(dir, 'dangling.png'));
  symlinkSync(join(dir, 'self.png'), join(dir, 'self.png')); // ELOOP
  symlinkSync(dir, join(dir, 'sub', 'back-to-top')); // a folder loop
  const set = await openBackgrounds({ kind: 'folder', path: dir }, 16, 1, () => {});
  assert.equal(set.available, 2, 'the two real images');
  const reasons = Object.fromEntries(set.skipped.map((s) => [s.file, s.reason]));
  assert.match(reasons['dangling.png'] ?? '', /dangling symbolic link/);
  assert.match(reasons['self.png'] ?? '', /symbolic link loop/);
  assert.match(reasons[join('sub', 'back-to-top')] ?? '', /symbolic link loop/);
  for (let i = 0; i < set.available; i++) assert.equal((await set.draw(i))?.length, 16 * 16 * 3);
});
