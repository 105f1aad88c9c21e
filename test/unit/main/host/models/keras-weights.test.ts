/**
 * The Keras weights download against a local server (never the network): a cut transfer resumes with a
 * Range request and the MD5 is checked; a wrong hash is refused and the downloaded file removed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KERAS_RESNET50, downloadVerified } from '../../../../../src/main/host/models/keras-weights.ts';
import { serveFile } from '../../../../helpers/http-server.ts';

const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31 + 7) % 256));
const md5 = createHash('md5').update(body).digest('hex');

test('the URL and the published hash are in code (keras/applications/resnet.py)', () => {
  assert.equal(KERAS_RESNET50.url, 'https://storage.googleapis.com/tensorflow/keras-applications/resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5');
  assert.equal(KERAS_RESNET50.md5, '2cb95161c43110f7111970584f804107');
});

test('a cut download resumes from where it stopped and passes the MD5 check', async () => {
  const server = await serveFile('/w.h5', body);
  const dest = join(mkdtempSync(join(tmpdir(), 'sbl-dl-')), 'w.h5');
  try {
    server.cutNextAfter(70_000);
    await assert.rejects(downloadVerified({ url: server.url, dest, md5 }), /connection lost|incomplete/);
    assert.ok(!existsSync(dest));
    await downloadVerified({ url: server.url, dest, md5 });
    assert.deepEqual(readFileSync(dest), body);
    assert.match(server.requests.at(-1)?.range ?? '', /^bytes=\d+-$/, 'the second request resumed');
  } finally {
    await server.close();
  }
});

test('a wrong hash is refused in one line and the downloaded file is removed', async () => {
  const server = await serveFile('/w.h5', body);
  const dir = mkdtempSync(join(tmpdir(), 'sbl-dl-'));
  const dest = join(dir, 'w.h5');
  try {
    await assert.rejects(downloadVerified({ url: server.url, dest, md5: '0'.repeat(32) }), (e: Error) => {
      assert.match(e.message, new RegExp(`^${server.url}: integrity check failed \\(md5 ${md5}, expected 0{32}\\); the downloaded file was removed$`));
      return true;
    });
    assert.ok(!existsSync(dest) && !existsSync(`${dest}.download`) && !existsSync(`${dest}.download.part`));
  } finally {
    await server.close();
  }
});
