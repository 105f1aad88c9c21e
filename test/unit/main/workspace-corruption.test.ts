/**
 * The workspace corruption suite (issue 7, "Must show"): every kind of workspace file truncated gives one
 * line naming the file and a `list` entry shown as broken; a writer killed with SIGKILL mid-write leaves
 * the old or the new complete file and its temp files are cleaned on the next open; two writers of one
 * run (a live holder is refused by pid and host, a dead one's lock is taken over and its run shown
 * interrupted); a full disk (a 256 KiB tmpfs, where mounting is allowed) fails with one line naming the
 * path and keeps the previous good file. Prints `workspace corruption suite: N cases, N held`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabHost } from '../../../src/main/host/lab-host.ts';
import { Workspace, RUN_LOCK } from '../../../src/main/host/workspace.ts';
import { writeFileAtomicSync } from '../../../src/node/atomic-write.ts';
import { acquireLockSync, readLockHolderSync } from '../../../src/node/file-lock.ts';
import { RunRecorder } from '../../../src/main/host/run-recorder.ts';
import { writeFaceFiles } from '../../../src/worker/data/faces/face-dataset-files.ts';
import { DEFAULT_BLACKBOX_DATASET, type DatasetManifest } from '../../../src/shared/dataset.ts';
import { DEFAULT_TRAIN_CONFIG, type RunManifest, type TrainEvent } from '../../../src/shared/run.ts';
import type { Result } from '../../../src/shared/result.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(REPO, 'test', 'fixtures', 'workspace');
const scratch = mkdtempSync(join(tmpdir(), 'sbl-corruption-'));
let cases = 0;
let held = 0;
const children: ChildProcess[] = [];

const cleanups: Array<() => void> = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const fn of cleanups) fn();
  rmSync(scratch, { recursive: true, force: true });
  console.log(`workspace corruption suite: ${cases} cases, ${held} held`);
});

/** One case of the suite: counted, and held only if every assertion passed. */
function suiteCase(name: string, fn: () => Promise<void> | void, opts: { skip?: string } = {}): void {
  test(name, opts.skip === undefined ? {} : { skip: opts.skip }, async () => {
    cases++;
    await fn();
    held++;
  });
}

const SIZE = 2;
const COUNT = 4;
let n = 0;

/** A workspace with one dataset and one cancelled run with a checkpoint at epoch 2, all written as the lab writes them. */
async function makeWorkspace(root = join(scratch, `ws-${++n}`)) {
  const ws = new Workspace(root);
  await ws.open();
  const dsId = `ds-fixture-${n}`;
  const dsDir = ws.datasetDir(dsId);
  mkdirSync(dsDir, { recursive: true });
  const dataset: DatasetManifest = {
    id: dsId,
    kind: 'blackbox',
    name: 'fixture',
    createdAt: new Date().toISOString(),
    config: { ...DEFAULT_BLACKBOX_DATASET, size: SIZE, count: COUNT },
    sourceDescription: 'test',
    size: SIZE,
    count: COUNT,
    counts: { withBox: 2, withoutBox: 2, skipped: 0 },
    skipped: [],
    files: { images: 'images.bin', items: 'items.json' },
    seed: 1,
  };
  await ws.writeDatasetManifest(dsDir, dataset);
  writeFileAtomicSync(join(dsDir, 'items.json'), JSON.stringify(Array.from({ length: COUNT }, (_, i) => ({ label: i % 2, box: i % 2 ? { x: 0, y: 0, side: 1 } : null, origin: `generated:${i}` }))));
  writeFileAtomicSync(join(dsDir, 'images.bin'), new Uint8Array(COUNT * SIZE * SIZE * 3).fill(7));
  const runId = `run-fixture-${n}`;
  const runDir = ws.runDir(runId);
  mkdirSync(runDir, { recursive: true });
  const now = new Date().toISOString();
  const run: RunManifest = {
    id: runId,
    kind: 'train',
    name: 'fixture run',
    status: 'cancelled',
    config: { ...DEFAULT_TRAIN_CONFIG, datasetId: dsId, epochs: 3 },
    datasetId: dsId,
    createdAt: now,
    updatedAt: now,
    backend: null,
    versions: {},
    checkpointEpoch: 2,
    testAccuracy: 0.5,
  };
  await ws.writeRun(run);
  const ckpt = join(runDir, 'checkpoints', 'epoch-002');
  mkdirSync(ckpt, { recursive: true });
  writeFileAtomicSync(
    join(ckpt, 'model.json'),
    JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { layers: [] } }, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense/kernel', shape: [4, 8], dtype: 'float32' }] }] }),
  );
  writeFileAtomicSync(join(ckpt, 'weights.bin'), new Uint8Array(4 * 8 * 4));
  writeFileAtomicSync(join(ckpt, 'optimizer.json'), JSON.stringify({ specs: [{ name: 'iter', shape: [], dtype: 'float32' }, { name: 'dense/kernel/m', shape: [4, 8], dtype: 'float32' }], order: ['iter', 'dense/kernel/m'] }));
  writeFileAtomicSync(join(ckpt, 'optimizer.bin'), new Uint8Array(4 + 4 * 8 * 4));
  writeFileAtomicSync(join(runDir, 'checkpoints', 'latest.json'), JSON.stringify({ epoch: 2, dir: 'epoch-002', savedAt: now }));
  for (let e = 1; e <= 2; e++) await ws.appendMetrics(runId, epochEvent(e));
  return { root, ws, dsId, dsDir, runId, runDir, ckpt };
}

function epochEvent(epoch: number, extra = ''): TrainEvent {
  return { type: 'epoch', epoch, epochs: 3, loss: 0.5, accuracy: 0.75, testLoss: 0.6, testAccuracy: 0.5, imagesPerSecond: 100, etaSeconds: 1, time: new Date().toISOString() + extra };
}

function truncateHalf(path: string): void {
  const data = readFileSync(path);
  writeFileSync(path, data.subarray(0, Math.floor(data.length / 2) - 3)); // (not on a line or block boundary)
}

/** A one-line message naming the file, without a raw JSON parser message or a stack. */
function assertOneLineNaming(message: string, file: string): void {
  assert.ok(message.includes(file), `names ${file}: ${message}`);
  assert.equal(message.split('\n').length, 1, `one line: ${message}`);
  assert.doesNotMatch(message, /SyntaxError|Unexpected (token|end)|JSON at position|in JSON|\bat .+:\d+:\d+/, `no raw parser message or stack: ${message}`);
}

function failure<T>(r: Result<T>): string {
  assert.equal(r.ok, false, 'the call fails');
  return r.ok ? '' : r.error.message;
}

// ── Every kind of file, truncated ────────────────────────────────────────────────────────────────────

type Kind = { name: string; file: (f: Awaited<ReturnType<typeof makeWorkspace>>) => string; entry: 'run' | 'dataset'; error?: (host: LabHost, f: Awaited<ReturnType<typeof makeWorkspace>>) => Promise<Result<unknown>> | Result<unknown> };

const resume = (host: LabHost, f: Awaited<ReturnType<typeof makeWorkspace>>) => host.train({ datasetId: f.dsId, resumeRunId: f.runId });
const KINDS: Kind[] = [
  { name: 'run manifest', file: (f) => join(f.runDir, 'manifest.json'), entry: 'run', error: (host, f) => host.getRun(f.runId) },
  { name: 'dataset manifest', file: (f) => join(f.dsDir, 'manifest.json'), entry: 'dataset', error: (host, f) => host.train({ datasetId: f.dsId }) },
  { name: 'checkpoint model.json', file: (f) => join(f.ckpt, 'model.json'), entry: 'run', error: resume },
  { name: 'checkpoint weights', file: (f) => join(f.ckpt, 'weights.bin'), entry: 'run', error: resume },
  { name: 'optimizer state (json)', file: (f) => join(f.ckpt, 'optimizer.json'), entry: 'run', error: resume },
  { name: 'optimizer state (bin)', file: (f) => join(f.ckpt, 'optimizer.bin'), entry: 'run', error: resume },
  { name: 'checkpoint pointer', file: (f) => join(f.runDir, 'checkpoints', 'latest.json'), entry: 'run', error: resume },
  { name: 'items file', file: (f) => join(f.dsDir, 'items.json'), entry: 'dataset', error: (host, f) => host.train({ datasetId: f.dsId }) },
  { name: 'images file', file: (f) => join(f.dsDir, 'images.bin'), entry: 'dataset', error: (host, f) => host.train({ datasetId: f.dsId }) },
  { name: 'metrics.jsonl', file: (f) => join(f.runDir, 'metrics.jsonl'), entry: 'run' },
];

for (const kind of KINDS) {
  suiteCase(`truncated ${kind.name}: one line naming the file, listed as broken`, async () => {
    const f = await makeWorkspace();
    const file = kind.file(f);
    truncateHalf(file);
    const host = new LabHost({ workspace: f.root, backend: 'cpu' });
    try {
      if (kind.error !== undefined) assertOneLineNaming(failure(await kind.error(host, f)), file);
      const list = kind.entry === 'run' ? await host.listRuns() : await host.listDatasets();
      assert.ok(list.ok);
      const entry = (list.value as Array<{ id: string; broken?: string }>).find((e) => e.id === (kind.entry === 'run' ? f.runId : f.dsId));
      assert.ok(entry !== undefined, 'the entry is listed, not hidden');
      assert.ok(entry.broken !== undefined, 'shown as broken');
      assertOneLineNaming(entry.broken, file);
      assert.ok(!existsSync(join(f.runDir, RUN_LOCK)), 'no lock left behind by the refused resume');
      assert.deepEqual(readdirSync(f.ws.runsDir), [f.runId], 'no half-made run left behind');
    } finally {
      await host.close();
    }
  });
}

suiteCase('a metrics.jsonl cut mid-line keeps its complete lines and is repaired by the next append', async () => {
  const f = await makeWorkspace();
  const path = join(f.runDir, 'metrics.jsonl');
  const whole = readFileSync(path, 'utf8');
  writeFileSync(path, whole.slice(0, whole.indexOf('\n') + 20)); // line 1 whole, line 2 cut
  assert.deepEqual((await f.ws.readMetrics(f.runId)).map((e) => e.epoch), [1]);
  await f.ws.appendMetrics(f.runId, epochEvent(2));
  assert.deepEqual((await f.ws.readMetrics(f.runId)).map((e) => e.epoch), [1, 2]);
  const run = (await f.ws.listRuns()).find((r) => r.id === f.runId)!;
  assert.equal(run.broken, undefined, 'no longer broken');
});

suiteCase('a run manifest that is valid JSON of the wrong shape is broken too, not a TypeError later', async () => {
  const f = await makeWorkspace();
  writeFileSync(join(f.runDir, 'manifest.json'), 'null');
  const host = new LabHost({ workspace: f.root, backend: 'cpu' });
  try {
    assertOneLineNaming(failure(await resume(host, f)), join(f.runDir, 'manifest.json'));
    assert.equal(unwrapOk(await host.listRuns()).find((r) => r.id === f.runId)?.status, 'broken');
  } finally {
    await host.close();
  }
});

function unwrapOk<T>(r: Result<T>): T {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

// ── kill -9 mid-write ────────────────────────────────────────────────────────────────────────────────

function spawnFixture(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, script), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** Resolves when the child's stdout has matched `pattern` `times` times. */
function waitForOutput(child: ChildProcess, pattern: RegExp, times = 1): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      if ((out.match(new RegExp(pattern.source, 'g')) ?? []).length >= times) resolve();
    });
    child.on('exit', (code, signal) => reject(new Error(`fixture exited (${code ?? signal}) before printing ${pattern}: ${err.split('\n')[0]}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

for (const writes of [1, 40]) {
  suiteCase(`kill -9 after ${writes} atomic write(s): the target is a whole old or new version; temp files are cleaned on open`, async () => {
    const f = await makeWorkspace();
    const target = join(f.runDir, 'predictions.json');
    const child = spawnFixture('atomic-writer.ts', [target]);
    await waitForOutput(child, /wrote \d+/, writes);
    await killHard(child);
    const { n: version, pad } = JSON.parse(readFileSync(target, 'utf8')) as { n: number; pad: string };
    assert.equal(pad.length, 1000 + (version % 5000) * 97, `version ${version} is complete`);
    // Whatever the kill left, plus a temp file of the dead writer for certain, and one of a live writer.
    writeFileSync(`${target}.tmp-${child.pid}-deadbeef`, '{"half":');
    const live = `${target}.tmp-${process.pid}-alive`;
    writeFileSync(live, 'being written');
    await new Workspace(f.root).open();
    const left = readdirSync(f.runDir).filter((name) => name.includes('.tmp-'));
    assert.deepEqual(left, ['predictions.json.tmp-' + process.pid + '-alive'], 'only the live writer\'s temp file stays');
    rmSync(live);
  });
}

// ── Two writers ──────────────────────────────────────────────────────────────────────────────────────

suiteCase('a second resume of a running run is refused naming the pid and host; after kill -9 the run is interrupted and resumable', async () => {
  const f = await makeWorkspace();
  await f.ws.updateRun(f.runId, { status: 'running' });
  const child = spawnFixture('hold-lock.ts', [join(f.runDir, RUN_LOCK)]);
  await waitForOutput(child, /locked/);
  const host = new LabHost({ workspace: f.root, backend: 'cpu' });
  try {
    const message = failure(await resume(host, f));
    assert.match(message, new RegExp(`run "${f.runId}" is in use by process ${child.pid} on host ${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(message.split('\n').length, 1);
    assert.equal(unwrapOk(await host.listRuns()).find((r) => r.id === f.runId)?.status, 'running', 'a live run stays running');
    assert.match(failure(await host.remove('run', f.runId)), new RegExp(`in use by process ${child.pid}`), 'and cannot be deleted under its holder');
    assert.equal(readLockHolderSync(join(f.runDir, RUN_LOCK)) !== null && (readLockHolderSync(join(f.runDir, RUN_LOCK)) as { pid: number }).pid, child.pid, 'the refused resume left the holder\'s lock alone');

    await killHard(child);
    const fresh = new LabHost({ workspace: f.root, backend: 'cpu' });
    try {
      await fresh.workspace.open();
      const run = await fresh.workspace.readRun(f.runId);
      assert.equal(run.status, 'interrupted', 'found interrupted on open, and written so');
      assert.equal(run.checkpointEpoch, 2, 'with its last checkpoint');
      assert.match(run.error ?? '', new RegExp(`process ${child.pid}.*resume from epoch 2`));
      // Resumable: the stale lock is taken over (the run then goes on to the worker, not started here).
      const lock = await fresh.workspace.lockRun(f.runId, 'training');
      assert.equal((readLockHolderSync(join(f.runDir, RUN_LOCK)) as { pid: number }).pid, process.pid);
      lock.release();
      assert.ok(!existsSync(join(f.runDir, RUN_LOCK)), 'released');
    } finally {
      await fresh.close();
    }
  } finally {
    await host.close();
  }
});

suiteCase('locks: one holder per run in this process too; a stale or unreadable lock is taken over; release only removes our own', async () => {
  const f = await makeWorkspace();
  const path = join(f.runDir, RUN_LOCK);
  const first = await f.ws.lockRun(f.runId, 'training');
  await assert.rejects(async () => await f.ws.lockRun(f.runId, 'training'), (e: Error) => e.message.includes(`process ${process.pid}`) && e.message.includes('(this process)'));
  first.release();
  // A dead process's lock (a pid that cannot be running: above the kernel's pid_max)
  writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), boot: '', started: '', since: 'then', purpose: 'training', token: 'dead' }));
  const second = acquireLockSync(path, 'training', 'run');
  assert.equal((readLockHolderSync(path) as { token: string }).token, second.holder.token);
  // Someone else's lock replaced ours (after a takeover): our release must not remove theirs.
  writeFileSync(path, JSON.stringify({ ...second.holder, token: 'theirs' }));
  second.release();
  assert.ok(existsSync(path), 'a lock that is not ours is left alone');
  writeFileSync(path, 'garbage');
  const third = acquireLockSync(path, 'training', 'run');
  third.release();
  assert.ok(!existsSync(path));
  assert.ok(!readdirSync(f.runDir).some((name) => /\.(tmp|stale)-/.test(name)), 'no temp or stale files left');
});

suiteCase('a run left "running" with no lock at all (killed before locks existed, or lock removed) is interrupted at its last checkpoint', async () => {
  const f = await makeWorkspace();
  await f.ws.updateRun(f.runId, { status: 'running', checkpointEpoch: 1 }); // the manifest lags the checkpoint
  const run = (await new Workspace(f.root).listRuns()).find((r) => r.id === f.runId)!;
  assert.equal(run.status, 'interrupted');
  assert.equal(run.checkpointEpoch, 2, 'the checkpoint on disk, not the lagging manifest');
});

// ── A full disk ──────────────────────────────────────────────────────────────────────────────────────

const tmpfs = join(scratch, 'tmpfs');
let mountProblem: string | undefined;
try {
  mkdirSync(tmpfs, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', tmpfs], { stdio: 'pipe' });
  cleanups.push(() => execFileSync('umount', [tmpfs], { stdio: 'pipe' }));
} catch (e) {
  mountProblem = `cannot mount a 256 KiB tmpfs here (${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n')[0] || 'mount failed'}); the full-disk case needs root and mount permission`;
}

/** Fills the disk holding `dir` to the last byte with a filler file; returns its path. */
function fillDisk(dir: string): string {
  const filler = join(dir, 'filler');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeFileSync(filler, chunk, { flag: 'a' });
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
  }
  return filler;
}

suiteCase(
  'a full disk: one line naming the path; the previous manifest, checkpoint pointer and metrics survive, no temp files left',
  async () => {
    const f = await makeWorkspace(join(tmpfs, 'ws'));
    const manifestPath = join(f.runDir, 'manifest.json');
    const latestPath = join(f.runDir, 'checkpoints', 'latest.json');
    const metricsPath = join(f.runDir, 'metrics.jsonl');
    const before = { manifest: readFileSync(manifestPath), latest: readFileSync(latestPath), metrics: readFileSync(metricsPath) };
    const filler = fillDisk(tmpfs);
    try {
      // Main-process writer (manifests, maps, reports).
      assert.throws(
        () => writeFileAtomicSync(manifestPath, JSON.stringify({ pad: 'y'.repeat(300_000) })),
        (e: Error) => {
          assertOneLineNaming(e.message, manifestPath);
          assert.match(e.message, /disk full \(ENOSPC\) on the disk holding/);
          return true;
        },
      );
      // The checkpoint pointer (the worker writes through the same src/node module), the same.
      assert.throws(() => writeFileAtomicSync(latestPath, JSON.stringify({ pad: 'z'.repeat(300_000) })), (e: Error) => e.message.startsWith(`${latestPath}: disk full`));
      // metrics.jsonl: an event that does not fit is cut off again, never left half-written.
      await assert.rejects(async () => await f.ws.appendMetrics(f.runId, epochEvent(3, 'w'.repeat(64_000))), (e: Error) => e.message.startsWith(`${metricsPath}: disk full`));
      assert.deepEqual(readFileSync(metricsPath), before.metrics, 'metrics.jsonl unchanged');
      assert.deepEqual(readFileSync(manifestPath), before.manifest, 'manifest unchanged');
      assert.deepEqual(readFileSync(latestPath), before.latest, 'checkpoint pointer unchanged');
      assert.ok(!readdirSync(f.runDir).some((name) => name.includes('.tmp-')), 'no temp files left');
      assert.equal((await f.ws.readRun(f.runId)).status, 'cancelled', 'the manifest reads as before');
    } finally {
      rmSync(filler);
    }
  },
  { skip: mountProblem },
);

suiteCase(
  'a full disk while the worker writes a faces dataset: one line naming the file, not Node\'s raw ENOSPC (issue 16)',
  async () => {
    const dir = join(tmpfs, 'faces-ds');
    mkdirSync(dir, { recursive: true });
    const filler = fillDisk(tmpfs);
    try {
      const faces = { size: 32, items: [], pixels: new Uint8Array(32 * 32 * 3 * 20), masks: new Uint8Array(32 * 32 * 20) };
      assert.throws(
        () => writeFaceFiles(dir, faces),
        (e: Error) => {
          assertOneLineNaming(e.message, join(dir, 'images.bin'));
          assert.match(e.message, /disk full \(ENOSPC\)/);
          return true;
        },
      );
      assert.ok(!readdirSync(dir).some((name) => name.includes('.tmp-')), 'no temp files left');
    } finally {
      rmSync(filler);
    }
  },
  { skip: mountProblem },
);

suiteCase(
  'a full disk during a run: the training is stopped and the run marked failed with the one-line error once space allows',
  async () => {
    const f = await makeWorkspace(join(tmpfs, 'ws-failed'));
    await f.ws.updateRun(f.runId, { status: 'running' });
    const lock = await f.ws.lockRun(f.runId, 'training');
    const filler = fillDisk(tmpfs);
    const recorder = new RunRecorder(f.ws, f.runId);
    const stored = recorder.record(epochEvent(3, 'w'.repeat(64_000)));
    await recorder.flushed(); // the write is queued; it fails here
    assert.notEqual(recorder.error, null, 'not recorded');
    assert.equal(await stored, false, 'the failed event says it was not stored (so it is not shown)');
    assert.equal(await recorder.record(epochEvent(4)), false, 'later events are dropped');
    assert.ok(recorder.signal().aborted, 'the worker is told to stop');
    assertOneLineNaming(recorder.error!.message, join(f.runDir, 'metrics.jsonl'));
    rmSync(filler); // what the failed write took is given back, as the worker's removed temp checkpoint would be
    const err = await recorder.fail({ ok: false, error: { kind: 'cancelled', message: 'training cancelled' } });
    lock.release();
    const run = await f.ws.readRun(f.runId);
    assert.equal(run.status, 'failed', 'failed, not cancelled: the disk stopped it');
    assert.equal(run.error, err.message);
    assert.match(err.message, /disk full/);
  },
  { skip: mountProblem },
);

suiteCase(
  'a full disk during a run: when not even the manifest fits, it stays readable and the run is reported interrupted, and written so once space allows',
  async () => {
    const f = await makeWorkspace(join(tmpfs, 'ws-interrupted'));
    await f.ws.updateRun(f.runId, { status: 'running' });
    const lock = await f.ws.lockRun(f.runId, 'training');
    const filler = fillDisk(tmpfs);
    try {
      const recorder = new RunRecorder(f.ws, f.runId);
      void recorder.record(epochEvent(3, 'w'.repeat(64_000)));
      await recorder.flushed();
      assert.notEqual(recorder.error, null);
      await recorder.fail({ ok: false, error: { kind: 'cancelled', message: 'training cancelled' } }); // cannot write: swallowed
      lock.release();
      assert.equal((await f.ws.readRun(f.runId)).status, 'running', 'the manifest keeps its last good state');
      const listed = (await new Workspace(f.root).listRuns()).find((r) => r.id === f.runId)!;
      assert.equal(listed.status, 'interrupted', 'reported interrupted though it cannot be written');
      assert.equal(listed.checkpointEpoch, 2);
    } finally {
      rmSync(filler);
    }
    const reopened = new Workspace(f.root);
    await reopened.open();
    assert.equal((await reopened.readRun(f.runId)).status, 'interrupted', 'written down on the next open with space');
  },
  { skip: mountProblem },
);
