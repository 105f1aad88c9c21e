/**
 * A model's weight paths stay inside the model's folder (issue 7): no `..`, no absolute paths, no
 * symlink out, only regular files (a FIFO must be refused, not waited on), and no error tells the size
 * of a file outside. The untouched model still loads (control).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLayersModelFromDisk, saveLayersModelToDisk } from '../../../../src/worker/engine/model-io.ts';
import { tfl } from '../../../../src/worker/engine/tf.ts';
import { LabError } from '../../../../src/shared/result.ts';
import { noLeak, useBackend } from '../../../helpers/engine.ts';

let base: string;
let good: string;
let outside: string;
const OUTSIDE_BYTES = 123_457;

before(async () => {
  await useBackend('cpu');
  base = mkdtempSync(join(tmpdir(), 'sbl-model-io-'));
  good = join(base, 'good');
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 3, useBias: false })] });
  await saveLayersModelToDisk(model, good);
  model.dispose();
  outside = join(base, 'outside.bin');
  writeFileSync(outside, Buffer.alloc(OUTSIDE_BYTES, 1));
});

after(() => rmSync(base, { recursive: true, force: true }));

/** A copy of the good model whose model.json is rewritten by `edit`, plus anything `prepare` adds. */
function variant(name: string, paths: string[], prepare: (dir: string) => void = () => {}): string {
  const dir = join(base, name);
  cpSync(good, dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  json.weightsManifest[0].paths = paths;
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  prepare(dir);
  return dir;
}

/** The refusal of a model folder; a refused load leaves no tensors behind. */
async function refusal(dir: string): Promise<LabError> {
  let error: unknown = null;
  await noLeak(async () => {
    try {
      (await loadLayersModelFromDisk(dir)).dispose();
    } catch (e) {
      error = e;
    }
  });
  if (error === null) assert.fail(`${dir} loaded`);
  assert.ok(error instanceof LabError, String(error));
  return error;
}

test('the saved model loads (control)', async () => {
  await noLeak(async () => {
    const m = await loadLayersModelFromDisk(good);
    assert.equal(m.layers.length, 1);
    m.dispose();
  });
});

test('weight paths with .. or absolute paths are refused without reading them', async () => {
  for (const [name, p] of [['dotdot', '../outside.bin'], ['dotdot-deep', 'a/../../outside.bin'], ['absolute', outside], ['backslash', '..\\outside.bin']] as const) {
    const e = await refusal(variant(name, [p]));
    assert.equal(e.kind, 'bad-input');
    assert.doesNotMatch(e.message, new RegExp(String(OUTSIDE_BYTES)), name);
    assert.match(e.message, /weight path/, name);
  }
});

test('a weight file that is a symlink out of the folder is refused and its size is not told', async () => {
  const dir = variant('link-out', ['weights.bin'], (d) => {
    rmSync(join(d, 'weights.bin'));
    symlinkSync(outside, join(d, 'weights.bin'));
  });
  const e = await refusal(dir);
  assert.match(e.message, /outside the model folder/);
  assert.doesNotMatch(e.message, new RegExp(String(OUTSIDE_BYTES)));
});

test('a symlink that stays in the folder is followed', async () => {
  const dir = variant('link-in', ['alias.bin'], (d) => symlinkSync('weights.bin', join(d, 'alias.bin')));
  await noLeak(async () => (await loadLayersModelFromDisk(dir)).dispose());
});

test('a FIFO as a weight file or as model.json is refused, not waited on', { timeout: 60_000 }, async () => {
  const dir = variant('fifo', ['pipe.bin'], (d) => execFileSync('mkfifo', [join(d, 'pipe.bin')]));
  assert.match((await refusal(dir)).message, /not a regular file/);
  const dir2 = join(base, 'fifo-json');
  mkdirSync(dir2);
  execFileSync('mkfifo', [join(dir2, 'model.json')]);
  assert.match((await refusal(dir2)).message, /not a regular file/);
});

test('a folder as a weight path and malformed manifests are one-line bad-input errors', async () => {
  assert.match((await refusal(variant('dir-weight', ['sub'], (d) => mkdirSync(join(d, 'sub'))))).message, /not a regular file/);
  assert.match((await refusal(variant('not-string', [42 as unknown as string]))).message, /weight path/);
  const dir = variant('bad-shape', ['weights.bin'], (d) => {
    const json = JSON.parse(readFileSync(join(d, 'model.json'), 'utf8'));
    json.weightsManifest[0].weights[0].shape = 'big';
    writeFileSync(join(d, 'model.json'), JSON.stringify(json));
  });
  assert.match((await refusal(dir)).message, /integer shapes/);
});
