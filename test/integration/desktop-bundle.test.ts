/**
 * The desktop build without Electron: electron-vite bundles main, the worker thread and the preload;
 * the bundled worker must start its engine under plain Node (as it will inside the packaged app), and
 * the sandboxed preload must be CommonJS exposing only the bridge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WorkerPool } from '../../src/main/host/worker-pool.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('electron-vite build: the bundled worker starts, the preload is a CommonJS bridge', { timeout: 180_000 }, async () => {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const pool = new WorkerPool(1, 'wasm', { entry: pathToFileURL(`${root}out/main/worker.js`) });
  try {
    const r = await pool.start();
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.ok && r.value.name, 'wasm');
  } finally {
    await pool.close();
  }
  const preload = readFileSync(`${root}out/preload/index.cjs`, 'utf8');
  assert.match(preload, /require\("electron"\)/);
  assert.match(preload, /exposeInMainWorld\("lab"/);
  assert.doesNotMatch(preload, /exposeInMainWorld\("ipcRenderer"/);
  const main = readFileSync(`${root}out/main/index.js`, 'utf8');
  assert.match(main, /contextIsolation: true/);
  assert.match(main, /sandbox: true/);
  assert.match(main, /nodeIntegration: false/);
});
