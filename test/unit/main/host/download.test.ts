/**
 * The resumable downloader against local servers (issue 16): a resume asks for the rest only of the same
 * file (If-Range with the ETag the first response gave), a file that changed in between is fetched whole
 * instead of spliced, a server without validators is not resumed at all; redirects are capped (a loop is
 * refused after a handful of requests, not 82,065) and can be held to one origin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_REDIRECTS, downloadWithResume } from '../../../../src/main/host/download.ts';
import { serveFile, serveRoutes } from '../../../helpers/http-server.ts';
import { messageWithRemedy } from '../../../../src/shared/remedy.ts';
import { serializeError } from '../../../../src/shared/result.ts';

const body = (seed: number, n = 100_000) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256));
const dest = () => join(mkdtempSync(join(tmpdir(), 'sbl-download-')), 'file.bin');
const etagOf = (b: Buffer) => `"${createHash('sha1').update(b).digest('hex')}"`;

test('a cut download resumes with Range and If-Range set to the ETag of the first response', async () => {
  const v1 = body(7);
  const server = await serveFile('/f.bin', v1);
  const to = dest();
  try {
    server.cutNextAfter(30_000);
    await assert.rejects(downloadWithResume(server.url, to), /connection lost|incomplete/);
    const r = await downloadWithResume(server.url, to);
    assert.ok(r.resumedFrom > 0, 'resumed');
    assert.deepEqual(readFileSync(to), v1);
    assert.equal(server.requests.at(-1)?.ifRange, etagOf(v1));
    assert.match(server.requests.at(-1)?.range ?? '', /^bytes=\d+-$/);
    assert.ok(!existsSync(`${to}.part.validator`), 'the validator goes with the part file');
  } finally {
    await server.close();
  }
});

test('a file that changed between the cut and the resume is downloaded whole, never spliced', async () => {
  const v1 = body(7);
  const v2 = body(99);
  const server = await serveFile('/f.bin', v1);
  const to = dest();
  try {
    server.cutNextAfter(30_000);
    await assert.rejects(downloadWithResume(server.url, to));
    server.replace(v2);
    const r = await downloadWithResume(server.url, to);
    assert.equal(r.resumedFrom, 0);
    assert.deepEqual(readFileSync(to), v2);
  } finally {
    await server.close();
  }
});

test('a server without ETag or Last-Modified is not resumed: the second try starts over without Range', async () => {
  const v1 = body(3);
  const server = await serveFile('/f.bin', v1, { validators: false });
  const to = dest();
  try {
    server.cutNextAfter(30_000);
    await assert.rejects(downloadWithResume(server.url, to));
    await downloadWithResume(server.url, to);
    assert.equal(server.requests.at(-1)?.range, undefined);
    assert.deepEqual(readFileSync(to), v1);
  } finally {
    await server.close();
  }
});

test(`a redirect loop is refused after ${MAX_REDIRECTS} redirects, in one line`, async () => {
  const server = await serveRoutes({ '/loop': { redirect: '/loop' } });
  try {
    await assert.rejects(downloadWithResume(`${server.origin}/loop`, dest()), (e: Error) => {
      assert.match(e.message, new RegExp(`^${server.origin}/loop: more than ${MAX_REDIRECTS} redirects \\(the last to ${server.origin}/loop\\); refused$`));
      return true;
    });
    assert.equal(server.requests.length, MAX_REDIRECTS + 1);
  } finally {
    await server.close();
  }
});

test('a short chain of redirects is followed', async () => {
  const server = await serveRoutes({ '/a': { redirect: '/b' }, '/b': { redirect: '/c' }, '/c': { body: body(1, 1000) } });
  const to = dest();
  try {
    await downloadWithResume(`${server.origin}/a`, to);
    assert.deepEqual(readFileSync(to), body(1, 1000));
  } finally {
    await server.close();
  }
});

test('held to one origin, a redirect to another origin is refused and never requested', async () => {
  const other = await serveRoutes({ '/w.bin': { body: body(5, 100) } });
  const server = await serveRoutes({ '/w.bin': { redirect: `${other.origin}/w.bin` } });
  try {
    await assert.rejects(downloadWithResume(`${server.origin}/w.bin`, dest(), { sameOrigin: server.origin }), (e: Error) => {
      assert.match(e.message, new RegExp(`^${server.origin}/w.bin: redirects to ${other.origin}/w.bin, which is not on ${server.origin}; refused$`));
      return true;
    });
    assert.equal(other.requests.length, 0);
  } finally {
    await Promise.all([server.close(), other.close()]);
  }
});

test('offline: a host that cannot be reached says "no network" and the way that works without one', async () => {
  // Nothing listens on this port (bound and closed at once), so the connection is refused, as offline.
  const server = await serveFile('/f.bin', body(1));
  const url = server.url;
  await server.close();
  await assert.rejects(
    downloadWithResume(url, dest(), { offline: { command: 'saliency-lab model import FILE.h5', inApp: 'import a local .h5 (Models → Import)' } }),
    (e: Error) => {
      assert.match(e.message, /^no network: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\) to download http:\/\/127\.0\.0\.1:\d+\/f\.bin$/);
      // The way that works offline, in each door's words (shared/remedy.ts).
      assert.equal(messageWithRemedy(serializeError(e), 'app'), `${e.message}; import a local .h5 (Models → Import)`);
      assert.equal(messageWithRemedy(serializeError(e), 'cli'), `${e.message} (saliency-lab model import FILE.h5)`);
      return true;
    },
  );
  // An unknown host name is the other face of having no network (no name service).
  await assert.rejects(downloadWithResume('http://no-such-host.invalid/x.tgz', dest()), /^LabError: no network: cannot reach no-such-host\.invalid \((ENOTFOUND|EAI_AGAIN)\)/);
});
