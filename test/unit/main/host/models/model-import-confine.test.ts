/**
 * `model import` takes only what belongs to the model (issue 16). Local: a symlinked weights.bin that
 * points outside the folder is refused, not copied into the workspace; a FIFO as model.json, weights.bin
 * or *.h5 is refused at once while the host's event loop keeps running (it used to block the main thread
 * and freeze every front door). URL: weight paths are checked percent-decoded (`%2e%2e` is `..`), must
 * stay on model.json's origin and folder, and are checked before any is fetched. The worker that would
 * load the model is a stub: these refusals all come before it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelInspection } from '../../../../../src/shared/models.ts';
import type { LabHost } from '../../../../../src/main/host/lab-host.ts';
import { ModelStore } from '../../../../../src/main/host/models/model-store.ts';
import { serveRoutes } from '../../../../helpers/http-server.ts';

const base = mkdtempSync(join(tmpdir(), 'sbl-model-import-'));
after(() => rmSync(base, { recursive: true, force: true }));

const inspection: ModelInspection = { kind: 'layers', inputShape: [4, 4, 3], outputCount: 2, architecture: 'stub', notes: [] };
const workerCalls: unknown[] = [];
const host = { workspace: { root: join(base, 'ws') }, callWorker: async (_name: string, job: unknown) => (workerCalls.push(job), { ok: true, value: inspection }) };
const store = new ModelStore(host as unknown as LabHost);

const MODEL_JSON = (paths: string[]) => JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths, weights: [] }] });
const OUTSIDE = Buffer.from('outside secret bytes');

/** A model folder with model.json naming `paths`; `prepare` adds the files. */
function folder(name: string, paths: string[], prepare: (dir: string) => void): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), MODEL_JSON(paths));
  prepare(dir);
  return dir;
}

async function refused(source: string, message: RegExp): Promise<void> {
  await assert.rejects(store.import(source), (e: Error) => {
    assert.match(e.message, message);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  });
  // Nothing was published and no staging copy is left behind.
  assert.deepEqual(existsSync(store.dir) ? readdirSync(store.dir) : [], []);
}

test('a symlinked weights.bin pointing outside the model folder is refused, not copied into the workspace', async () => {
  const outside = join(base, 'outside.bin');
  writeFileSync(outside, OUTSIDE);
  const dir = folder('symlinked', ['weights.bin'], (d) => symlinkSync(outside, join(d, 'weights.bin')));
  await refused(dir, /model\.json: weight file "weights\.bin" leads outside the model folder$/);
});

test('a symlinked model.json inside a model folder pointing outside is refused', async () => {
  const outside = join(base, 'outside-model.json');
  writeFileSync(outside, MODEL_JSON([]));
  const dir = join(base, 'symlinked-json');
  mkdirSync(dir);
  symlinkSync(outside, join(dir, 'model.json'));
  await refused(dir, /: model\.json leads outside the model folder$/);
});

test('a weight symlinked to another file inside the folder is copied (control)', async () => {
  const dir = folder('inside-link', ['weights.bin'], (d) => {
    writeFileSync(join(d, 'real.bin'), 'w');
    symlinkSync(join(d, 'real.bin'), join(d, 'weights.bin'));
  });
  const m = await store.import(dir, { id: 'model-inside-link' });
  assert.deepEqual(m.files, ['model.json', 'weights.bin']);
  rmSync(store.modelDir(m.id), { recursive: true });
});

/** mkfifo, with a writer that keeps the FIFO open for 3 s: code that blocks on it is stuck for those seconds. */
function fifoWithSlowWriter(path: string): ChildProcess | null {
  try {
    execFileSync('mkfifo', [path]);
  } catch {
    return null;
  }
  // The writer comes after 30 s: a blocking read waits that long, a refusal returns at once.
  return spawn('sh', ['-c', `sleep 30 > '${path}'`], { stdio: 'ignore' });
}

for (const [what, layout] of [
  ['model.json', (d: string) => ({ source: d, fifo: join(d, 'model.json') })],
  ['weights.bin', (d: string) => ({ source: d, fifo: join(d, 'weights.bin') })],
  ['a .h5 file', (d: string) => ({ source: join(d, 'w.h5'), fifo: join(d, 'w.h5') })],
] as const) {
  test(`a FIFO as ${what} is refused at once in one line, and the host's event loop keeps running`, async (t) => {
    const dir = join(base, `fifo-${what.replace(/\W+/g, '-')}`);
    mkdirSync(dir);
    if (what === 'weights.bin') writeFileSync(join(dir, 'model.json'), MODEL_JSON(['weights.bin']));
    const { source, fifo } = layout(dir);
    const writer = fifoWithSlowWriter(fifo);
    if (writer === null) {
      t.skip('mkfifo is not available on this machine: FIFO refusal not tested');
      return;
    }
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const started = Date.now();
      await refused(source, /: not a regular file$/);
      const took = Date.now() - started;
      clearInterval(timer);
      assert.ok(took < 20_000, `refused after ${took} ms (a blocking read waits for the writer's 30 s)`);
      assert.ok(ticks > 0 || took < 20, 'timers ran while the import was refused');
    } finally {
      writer.kill();
    }
  });
}

test('URL import: weight paths that leave model.json\'s folder or origin are refused before any weight is fetched', async () => {
  const other = await serveRoutes({ '/w.bin': { body: OUTSIDE } });
  const cases: Array<[string, RegExp]> = [
    ['%2e%2e/secret.bin', /weight path "%2e%2e\/secret\.bin" must be a relative name inside the model folder \(decoded: "\.\.\/secret\.bin"\)$/],
    ['.%2E/%2E%2E/secret.bin', /must be a relative name inside the model folder \(decoded: /],
    ['..%2fsecret.bin', /must be a relative name inside the model folder \(decoded: /],
    [`${other.origin}/w.bin`, /must be a file name relative to model\.json$/],
    ['w.bin?x=1', /must be a file name relative to model\.json$/],
    // A weight named like model.json would replace the checked model.json with an unchecked download.
    ['model.json', /weight path "model\.json" is the model\.json itself$/],
    ['ok.bin', /weight path "ok\.bin" is named twice$/],
  ];
  const routes: Record<string, { body: Buffer }> = { '/secret.bin': { body: OUTSIDE } };
  cases.forEach(([p], i) => (routes[`/m${i}/model.json`] = { body: Buffer.from(MODEL_JSON(['ok.bin', p])) }));
  const server = await serveRoutes(routes);
  try {
    for (const [i, [p, message]] of cases.entries()) {
      const jsonUrl = `${server.origin}/m${i}/model.json`;
      await assert.rejects(store.import(jsonUrl), (e: Error) => {
        assert.ok(e.message.startsWith(`${jsonUrl}: `), e.message);
        assert.match(e.message, message, p);
        return true;
      });
    }
    assert.deepEqual(server.requests.map((r) => r.url).filter((u) => !u.endsWith('/model.json')), [], 'no weight was requested');
    assert.equal(other.requests.length, 0, 'the other origin was never asked');
  } finally {
    await Promise.all([server.close(), other.close()]);
  }
});

test('URL import: a weight that redirects to another origin is refused; a redirect loop on model.json stops after a few requests', async () => {
  const other = await serveRoutes({ '/w.bin': { body: OUTSIDE } });
  const server = await serveRoutes({
    '/m/model.json': { body: Buffer.from(MODEL_JSON(['w.bin'])) },
    '/m/w.bin': { redirect: `${other.origin}/w.bin` },
    '/loop/model.json': { redirect: '/loop/model.json' },
  });
  try {
    await assert.rejects(store.import(`${server.origin}/m/model.json`), /redirects to http:\/\/127\.0\.0\.1:\d+\/w\.bin, which is not on http:\/\/127\.0\.0\.1:\d+; refused$/);
    assert.equal(other.requests.length, 0);
    await assert.rejects(store.import(`${server.origin}/loop/model.json`), /more than 5 redirects/);
    assert.ok(server.requests.filter((r) => r.url === '/loop/model.json').length <= 6);
  } finally {
    await Promise.all([server.close(), other.close()]);
  }
});

test('URL import of a model with same-origin weights in its folder works (control)', async () => {
  const server = await serveRoutes({ '/m/model.json': { body: Buffer.from(MODEL_JSON(['shard%201.bin', 'sub/w.bin'])) }, '/m/shard%201.bin': { body: Buffer.from('a') }, '/m/sub/w.bin': { body: Buffer.from('b') } });
  try {
    const m = await store.import(`${server.origin}/m/model.json`, { id: 'model-url-ok' });
    assert.deepEqual(m.files, ['model.json', 'shard%201.bin', 'sub/w.bin']);
    rmSync(store.modelDir(m.id), { recursive: true });
  } finally {
    await server.close();
  }
});
