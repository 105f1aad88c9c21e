/**
 * Issue 16, "reports trust paths written in run files": every read of a file a run file names goes through
 * the confined reader (run-files.ts). A name edited to lead outside, a symlink out of the run, a FIFO, and
 * truncated JSON / .npy each end in one line naming the file; nothing outside is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunFile, readRunJson, readRunJsonIfAny, readRunNpy } from '../../../../src/main/host/run-files.ts';
import { encodeNpy } from '../../../../src/shared/npy.ts';

const base = mkdtempSync(join(tmpdir(), 'sbl-runfiles-'));
const run = join(base, 'ws', 'runs', 'r1');
mkdirSync(join(run, 'saliency'), { recursive: true });
mkdirSync(join(base, 'outside'));
writeFileSync(join(base, 'outside', 'secret.bin'), 'SECRET');
const good = encodeNpy(new Float32Array([1, 2, 3, 4]), [1, 2, 2, 1]);
writeFileSync(join(run, 'saliency', 'rectgrad.npy'), good);
symlinkSync(join(base, 'outside', 'secret.bin'), join(run, 'saliency', 'gradient.npy'));
writeFileSync(join(run, 'model-maps.json'), '{"methods": {"rectgrad": {');
writeFileSync(join(run, 'saliency', 'cut.npy'), good.subarray(0, good.length - 3));

test('a name that leads outside the run, or a symlink out of it, is refused without reading the file', async () => {
  await assert.rejects(async () => await readRunFile(run, '../../../outside/secret.bin'), /"\.\.\/\.\.\/\.\.\/outside\/secret\.bin": leads outside its folder/);
  await assert.rejects(async () => await readRunFile(run, join(base, 'outside', 'secret.bin')), /not a relative file name/);
  await assert.rejects(async () => await readRunNpy(run, 'saliency/gradient.npy'), /"saliency\/gradient\.npy": leads outside its folder/);
  assert.deepEqual(Array.from((await readRunNpy(run, 'saliency/rectgrad.npy')).data), [1, 2, 3, 4]);
});

test('truncated JSON and .npy end in one line naming the file', async () => {
  await assert.rejects(async () => await readRunJson(run, 'model-maps.json', 'model maps file'), (e: Error) => e.message === `${join(run, 'model-maps.json')}: the model maps file is corrupt (truncated or not valid JSON)`);
  await assert.rejects(async () => await readRunNpy(run, 'saliency/cut.npy'), (e: Error) => e.message.startsWith(`${join(run, 'saliency', 'cut.npy')}: truncated .npy data`) && !e.message.includes('\n'));
});

test('the asynchronous JSON reader (request paths): null when absent, one line when corrupt, confined', async () => {
  assert.equal(await readRunJsonIfAny(run, 'predictions.json', 'predictions file'), null);
  await assert.rejects(readRunJsonIfAny(run, 'model-maps.json', 'model maps file'), (e: Error) => e.message === `${join(run, 'model-maps.json')}: the model maps file is corrupt (truncated or not valid JSON)`);
  await assert.rejects(readRunJsonIfAny(run, 'saliency/gradient.npy', 'x'), /leads outside its folder/);
  writeFileSync(join(run, 'ok.json'), '{"testIndices": [3, 5]}');
  assert.deepEqual(await readRunJsonIfAny(run, 'ok.json', 'x'), { testIndices: [3, 5] });
});

test('a FIFO in a run folder is refused at once, never read (the host must not block)', async (t) => {
  try {
    execFileSync('mkfifo', [join(run, 'fifo.json')]);
  } catch {
    t.skip('mkfifo is not available here');
    return;
  }
  await assert.rejects(async () => await readRunJson(run, 'fifo.json', 'x'), /"fifo\.json": not a regular file/);
});

test('no host file that reads run files bypasses the confined reader', () => {
  // Reports and views read names that run files wrote; a raw readFileSync there is how issue 16's
  // reconstructionsFile / traversal.file / symlinked .npy escaped.
  const root = join(import.meta.dirname, '../../../../src/main/host');
  const files = [
    ...readdirSync(join(root, 'report')).map((f) => join(root, 'report', f)),
    ...readdirSync(join(root, 'experiments'), { recursive: true, encoding: 'utf8' }).filter((f) => /(report|views|concept-files)\.ts$/.test(f)).map((f) => join(root, 'experiments', f)),
    join(root, 'lab-service.ts'),
  ];
  for (const f of files) assert.doesNotMatch(readFileSync(f, 'utf8'), /readFileSync\(join\(runDir/, f);
});
