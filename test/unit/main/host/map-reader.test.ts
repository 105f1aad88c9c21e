/**
 * The one reader of stored maps (issue 17): asynchronous, confined, and bounded in bytes, not entries —
 * opening run after run keeps at most the bound in memory, most recently used first; a rewritten file is
 * read again; a symlink out of the run, a FIFO and a truncated file are one line each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MapReader } from '../../../../src/main/host/map-reader.ts';
import { encodeNpy } from '../../../../src/shared/npy.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-map-reader-'));
/** A run folder with one map file of `values` float32 values, each equal to `fill`. */
function run(name: string, values: number, fill: number): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'saliency'), { recursive: true });
  writeFileSync(join(dir, 'saliency', 'rectgrad.npy'), encodeNpy(new Float32Array(values).fill(fill), [values]));
  return dir;
}

test('bounded in bytes: twenty 40 KB runs through a 100 KB reader hold at most 100 KB, the most recent ones', async () => {
  const reader = new MapReader(100_000);
  const dirs = Array.from({ length: 20 }, (_, i) => run(`r${i}`, 10_000, i));
  for (const [i, dir] of dirs.entries()) {
    const a = await reader.read(dir, 'saliency/rectgrad.npy');
    assert.equal(a.data[0], i);
    assert.ok(reader.heldBytes <= 100_000, `${reader.heldBytes} bytes held after run ${i}`);
  }
  assert.equal(reader.heldBytes, 80_000);
  // The last two are cached (same object back); the first was evicted and is read afresh.
  assert.equal(await reader.read(dirs[19], 'saliency/rectgrad.npy'), await reader.read(dirs[19], 'saliency/rectgrad.npy'));
  const again = await reader.read(dirs[0], 'saliency/rectgrad.npy');
  assert.equal(again.data[0], 0);
});

test('a map file rewritten since it was cached is read again', async () => {
  const reader = new MapReader();
  const dir = run('rewritten', 4, 1);
  assert.equal((await reader.read(dir, 'saliency/rectgrad.npy')).data[0], 1);
  writeFileSync(join(dir, 'saliency', 'rectgrad.npy'), encodeNpy(new Float32Array(6).fill(2), [6]));
  assert.equal((await reader.read(dir, 'saliency/rectgrad.npy')).data[0], 2);
});

test('confined: a symlink out of the run, a .. name, a FIFO and a truncated file are refused in one line', async (t) => {
  const reader = new MapReader();
  const dir = run('confined', 4, 1);
  const outside = run('outside', 4, 9);
  symlinkSync(join(outside, 'saliency', 'rectgrad.npy'), join(dir, 'saliency', 'gradient.npy'));
  await assert.rejects(reader.read(dir, 'saliency/gradient.npy'), /"saliency\/gradient\.npy": leads outside its folder/);
  await assert.rejects(reader.read(dir, '../outside/saliency/rectgrad.npy'), /leads outside its folder/);
  writeFileSync(join(dir, 'saliency', 'cut.npy'), encodeNpy(new Float32Array(8), [8]).subarray(0, 140));
  await assert.rejects(reader.read(dir, 'saliency/cut.npy'), (e: Error) => e.message === `${join(dir, 'saliency', 'cut.npy')}: truncated .npy data: 8 values of <f4 expected`);
  try {
    execFileSync('mkfifo', [join(dir, 'saliency', 'fifo.npy')]);
  } catch {
    return t.skip('mkfifo is not available here');
  }
  await assert.rejects(reader.read(dir, 'saliency/fifo.npy'), /fifo\.npy: not a regular file/);
});
