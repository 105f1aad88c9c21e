/**
 * src/node/confine.ts, the one module for confined and non-blocking reads in both Node processes
 * (issue 17). The sync readers are covered where they are used (media-confine, run-files,
 * celeba-confinement, model-io-confine); this file covers what the merge added: the asynchronous
 * workspace reader the map reader uses, the worker's readers with the engine's default cap, and the
 * host's asynchronous reader reading no more than the size it checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../../../src/shared/result.ts';
import {
  readAllAsync,
  readRegularFile,
  readRegularFileAsync,
  readRegularFileInside,
  withConfinedFileAsync,
} from '../../../src/node/confine.ts';

const base = mkdtempSync(join(tmpdir(), 'sbl-node-confine-'));
const root = join(base, 'run');
const outside = join(base, 'outside');
mkdirSync(join(root, 'saliency'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'saliency', 'a.bin'), 'inside');
writeFileSync(join(outside, 'secret.bin'), 'SECRET-BYTES');
symlinkSync(join(outside, 'secret.bin'), join(root, 'saliency', 'out.bin'));
symlinkSync('a.bin', join(root, 'saliency', 'alias.bin'));
let fifo: string | null = join(root, 'saliency', 'fifo.bin');
try {
  execFileSync('mkfifo', [fifo]);
} catch {
  fifo = null;
}
test.after(() => rmSync(base, { recursive: true, force: true }));

const readAsync = (name: string, shown?: string) => withConfinedFileAsync(root, name, (fh, st) => readAllAsync(fh, st.size), shown);
const labError = (kind: LabError['kind'], pattern: RegExp) => (e: unknown) => e instanceof LabError && e.kind === kind && pattern.test(e.message);

test('withConfinedFileAsync reads a file inside its folder, symlinks that stay inside included', async () => {
  assert.equal((await readAsync('saliency/a.bin')).toString(), 'inside');
  assert.equal((await readAsync('saliency/alias.bin')).toString(), 'inside');
  const real = await withConfinedFileAsync(root, 'saliency/alias.bin', async (_fh, _st, r) => r);
  assert.ok(real.endsWith(join('saliency', 'a.bin')), real);
});

test('withConfinedFileAsync refuses names and symlinks that leave the folder, naming only the name', async () => {
  await assert.rejects(readAsync('../outside/secret.bin'), labError('bad-input', /^"\.\.\/outside\/secret\.bin": leads outside its folder$/));
  await assert.rejects(readAsync(join(outside, 'secret.bin')), labError('bad-input', /not a relative file name$/));
  await assert.rejects(readAsync(''), labError('bad-input', /not a relative file name$/));
  await assert.rejects(readAsync('saliency/out.bin'), (e: Error) => {
    assert.ok(labError('bad-input', /^"saliency\/out\.bin": leads outside its folder$/)(e), e.message);
    assert.ok(!e.message.includes('secret') && !e.message.includes(outside), 'nothing about the outside file');
    return true;
  });
});

test('withConfinedFileAsync: a missing file is not-found, a folder is not a regular file, both naming `shown`', async () => {
  await assert.rejects(readAsync('saliency/none.bin', '/ws/run/saliency/none.bin'), labError('not-found', /^\/ws\/run\/saliency\/none\.bin: not found$/));
  await assert.rejects(readAsync('saliency'), labError('bad-input', /^"saliency": not a regular file$/));
});

test('withConfinedFileAsync refuses a FIFO at once instead of waiting for a writer', async (t) => {
  if (fifo === null) return t.skip('mkfifo is not available on this machine');
  const started = Date.now();
  await assert.rejects(readAsync('saliency/fifo.bin'), labError('bad-input', /"saliency\/fifo\.bin": not a regular file$/));
  // No writer ever comes: a blocking open would hang; the bound only tells a refusal from a hang.
  assert.ok(Date.now() - started < 20_000);
});

test('readRegularFile (worker and engine): says what the file is not, and caps its size (2 GiB by default)', (t) => {
  assert.equal(readRegularFile(join(root, 'saliency', 'a.bin'), 'file').toString(), 'inside');
  assert.throws(() => readRegularFile(join(root, 'saliency', 'none.bin'), 'file'), labError('bad-input', /none\.bin: file not found$/));
  assert.throws(() => readRegularFile(join(root, 'saliency'), 'image'), labError('bad-input', /saliency: image is not a regular file \(a folder\)$/));
  assert.throws(() => readRegularFile(join(root, 'saliency', 'a.bin'), 'list', 3), labError('bad-input', /a\.bin: list is 6 bytes, more than the 3 the lab reads for it$/));
  if (fifo === null) return t.skip('mkfifo is not available on this machine');
  assert.throws(() => readRegularFile(fifo!, 'weight file'), labError('bad-input', /weight file is not a regular file \(a FIFO\)$/));
});

test('readRegularFileInside refuses a symlink out of the folder, naming the path as the user spelled it', () => {
  assert.equal(readRegularFileInside(root, join(root, 'saliency', 'alias.bin'), 'image', 100).toString(), 'inside');
  assert.throws(() => readRegularFileInside(root, join(root, 'saliency', 'out.bin'), 'image', 100), labError('bad-input', /out\.bin: image is a symbolic link leading outside /));
});

test('readRegularFileAsync (host) caps the size before reading and names its label', async () => {
  const path = join(root, 'saliency', 'a.bin');
  assert.equal((await readRegularFileAsync(path, 'model.json')).toString(), 'inside');
  await assert.rejects(readRegularFileAsync(path, 'model.json', { maxBytes: 2 }), labError('bad-input', /^model\.json: 6 bytes, more than the 2 allowed$/));
  await assert.rejects(readRegularFileAsync(join(root, 'saliency', 'none.bin'), 'x.json'), labError('not-found', /^x\.json: not found$/));
  await assert.rejects(readRegularFileAsync(join(root, 'saliency', 'alias.bin'), 'alias', { noFollow: true }), labError('bad-input', /^alias: cannot be opened \(ELOOP\)$/));
});
