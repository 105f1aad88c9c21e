/**
 * src/node/static-files.ts: the renderer's files as the web server and the lab:// protocol serve them,
 * from one MIME table and one Content-Security-Policy (issue 17).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStaticFile, rendererCsp, staticName } from '../../../src/node/static-files.ts';

const base = mkdtempSync(join(tmpdir(), 'sbl-static-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), 'void 0;');
writeFileSync(join(root, 'assets', 'data.bin'), 'x');
writeFileSync(join(base, 'secret.txt'), 'SECRET');
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.js'));
test.after(() => rmSync(base, { recursive: true, force: true }));

test('a URL path becomes a name under the root: / is index.html, leading slashes and .. go', () => {
  assert.equal(staticName('/'), 'index.html');
  assert.equal(staticName('/assets/app.js'), join('assets', 'app.js'));
  assert.equal(staticName('/%2e%2e/%2e%2e/secret.txt'), 'secret.txt');
  assert.throws(() => staticName('/%E0%A4%A'), URIError);
});

test('an HTML page carries the CSP with what the door adds; other files only their type', () => {
  const page = readStaticFile(root, 'index.html', { connect: ['ws://127.0.0.1:9'] });
  assert.equal(page.body.toString(), '<!doctype html>');
  assert.equal(page.headers['Content-Type'], 'text/html; charset=utf-8');
  assert.match(page.headers['Content-Security-Policy'], /connect-src 'self' ws:\/\/127\.0\.0\.1:9;/);
  assert.deepEqual(readStaticFile(root, staticName('/assets/app.js')).headers, { 'Content-Type': 'text/javascript' });
  assert.equal(readStaticFile(root, 'assets/data.bin').headers['Content-Type'], 'application/octet-stream');
});

test('a file outside the root (a symlink out, a missing one) is refused', () => {
  assert.throws(() => readStaticFile(root, 'assets/leak.js'), /leads outside its folder/);
  assert.throws(() => readStaticFile(root, 'assets/none.js'), /not found/);
});

test('one policy: both doors get the same directives, each adding only its own sources', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d] as const));
  const desktop = directives(rendererCsp({ img: ['lab:'] }));
  const web = directives(rendererCsp({ connect: ['ws://localhost:8080'] }));
  assert.equal(desktop.get('img-src'), "img-src 'self' lab: data: blob:");
  assert.equal(desktop.get('connect-src'), "connect-src 'self'");
  assert.equal(web.get('img-src'), "img-src 'self' data: blob:");
  assert.equal(web.get('connect-src'), "connect-src 'self' ws://localhost:8080");
  for (const d of ["default-src 'self'", "style-src 'self' 'unsafe-inline'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    assert.equal(desktop.get(d.split(' ')[0]), d);
    assert.equal(web.get(d.split(' ')[0]), d);
  }
});
