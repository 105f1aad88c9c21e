/**
 * Model inputs (issue 7): NaN/Inf in .npy and .json, negative or fractional .npy dimensions and other
 * broken files are refused with one line naming the file and the problem. The corpus is shared with the
 * CLI test (test/fixtures/bad-inputs/cases.json); this runs its input rows in-process, fast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputFile } from '../../../../src/worker/data/input-file.ts';
import { decodeNpy, encodeNpy } from '../../../../src/shared/npy.ts';
import { LabError } from '../../../../src/shared/result.ts';

const fixture = (f: string) => new URL(`../../../fixtures/bad-inputs/${f}`, import.meta.url).pathname;
const cases = JSON.parse(readFileSync(fixture('cases.json'), 'utf8')) as Array<{ file: string; as: 'model' | 'input'; says: string }>;
const dir = mkdtempSync(join(tmpdir(), 'sbl-input-'));

async function refusal(path: string): Promise<LabError> {
  try {
    await readInputFile(path, [10, 10, 3]);
  } catch (e) {
    assert.ok(e instanceof LabError, `a LabError, not ${String(e)}`);
    return e;
  }
  assert.fail(`${path} was accepted`);
}

for (const c of cases.filter((r) => r.as === 'input')) {
  test(`bad input ${c.file}: one line saying "${c.says}"`, async () => {
    const e = await refusal(fixture(c.file));
    assert.equal(e.kind, 'bad-input');
    assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
    assert.ok(e.message.startsWith(fixture(c.file) + ': '), `names the file first: ${e.message}`);
    assert.ok(e.message.includes(c.says), `says "${c.says}": ${e.message}`);
  });
}

test('NaN and ±Infinity written by the codec itself are refused at the first bad element, in .npy and .json', async () => {
  for (const [k, bad, says] of [
    [0, NaN, 'element 0 is NaN'],
    [299, Infinity, 'element 299 is Infinity (at [9, 9, 2])'],
    [150, -Infinity, 'element 150 is -Infinity (at [5, 0, 0])'],
  ] as const) {
    const x = Float32Array.from({ length: 300 }, (_, i) => i / 300);
    x[k] = bad;
    if (k < 299) x[299] = NaN; // a later bad element must not be the one named
    const npy = join(dir, `bad-${k}.npy`);
    writeFileSync(npy, encodeNpy(x, [10, 10, 3]));
    assert.match((await refusal(npy)).message, new RegExp(`^${npy}: ${says.replace(/[[\]()]/g, '\\$&')}`));
  }
  const json = join(dir, 'big.json');
  writeFileSync(json, JSON.stringify([[[0.5, 1, 2]]]).replace('2', '1e39'));
  assert.match((await refusal(json)).message, /element 2 \(1e\+39\) does not fit in float32/);
  const deep = join(dir, 'deep.json');
  writeFileSync(deep, '['.repeat(5000) + ']'.repeat(5000));
  assert.match((await refusal(deep)).message, /at most 8 dimensions/);
});

test('good inputs still load: .npy float32 and float64, nested .json', async () => {
  const x = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i));
  writeFileSync(join(dir, 'ok.npy'), encodeNpy(x, [10, 10, 3]));
  assert.deepEqual(await readInputFile(join(dir, 'ok.npy'), [10, 10, 3]), { data: x, shape: [10, 10, 3] });
  const nested = [[[1, 2, 3], [4, 5, 6]]];
  writeFileSync(join(dir, 'ok.json'), JSON.stringify(nested));
  const j = await readInputFile(join(dir, 'ok.json'), [1, 2, 3]);
  assert.deepEqual(j.shape, [1, 2, 3]);
  assert.deepEqual(Array.from(j.data), [1, 2, 3, 4, 5, 6]);
});

test('decodeNpy without `finite` still reads NaN (stored maps are not model inputs); headers are checked either way', () => {
  const x = Float32Array.from([1, NaN, 3]);
  const back = decodeNpy(encodeNpy(x, [3]));
  assert.ok(Number.isNaN(back.data[1]));
  assert.throws(() => decodeNpy(encodeNpy(x, [3]), { finite: true }), /^Error: element 1 is NaN$/);
  assert.throws(() => decodeNpy(readFileSync(fixture('negative-dims-pair.npy'))), /negative dimension -2/);
});
