/**
 * Payloads over the LabService (the door the web and IPC transports share) and straight into the
 * LabHost (the core every door ends in): a bad payload is refused naming the field and starts nothing;
 * a good one is recorded exactly as it ran (issue 7). Tiny dataset and one epoch, on real worker threads.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabService } from '../../src/main/host/lab-service.ts';
import { LabHost } from '../../src/main/host/lab-host.ts';
import type { JobInfo, RunDetail, SweepView } from '../../src/shared/lab-api.ts';
import type { DatasetManifest } from '../../src/shared/dataset.ts';
import { DEFAULT_BLACKBOX_DATASET } from '../../src/shared/dataset.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../src/shared/saliency.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/run.ts';
import type { Result } from '../../src/shared/result.ts';
import { computeRunMaps } from '../../src/main/host/experiments/blackbox/run-maps.ts';
import { createBlackboxDataset } from '../../src/main/host/experiments/blackbox/dataset.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-service-params-'));
process.env.XDG_DATA_HOME = join(root, 'app-data'); // the recent-workspaces list stays in the temp folder
const service = new LabService(join(root, 'ws'), { backend: 'wasm', mediaBase: '/media' });
after(() => service.close());

const call = async <T>(name: Parameters<LabService['call']>[0], params: unknown): Promise<Result<T>> => (await service.call(name, params)) as Result<T>;

function value<T>(r: Result<T>): T {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

/** Resolves when the job ends; fails the test if it did not end `done`. */
function jobDone(jobId: string): Promise<JobInfo> {
  return new Promise((resolve, reject) => {
    const check = (job: JobInfo) => {
      if (job.id !== jobId || job.status === 'running') return;
      stop();
      if (job.status === 'done') resolve(job);
      else reject(new Error(`job ${jobId} ${job.status}: ${job.error?.message}`));
    };
    const stop = service.subscribe((event, payload) => event === 'job' && check(payload as JobInfo));
    void call<JobInfo[]>('listJobs', {}).then((r) => r.ok && r.value.forEach(check));
  });
}

test('bad payloads over the service are refused naming the field, and start nothing', async () => {
  const cases: Array<[Parameters<LabService['call']>[0], unknown, string]> = [
    // A kind's job checks its params with its own schema (issue 17).
    ['experimentJob', { kind: 'blackbox', job: 'dataset', params: { config: { ...DEFAULT_BLACKBOX_DATASET, count: '8' } } }, 'experimentJob blackbox dataset: config.count: expected an integer in [4, 100000], got "8"'],
    ['experimentJob', { kind: 'blackbox', job: 'train', params: { datasetId: 'ds-none', config: { model: 'resnet50' } } }, 'experimentJob blackbox train: config.model: expected "blackbox-cnn" (the only model a black-box training trains), got "resnet50"'],
    ['experimentJob', { kind: 'blackbox', job: 'train', params: { datasetId: 'ds-none', config: { epochs: 2, verbose: true } } }, 'experimentJob blackbox train: config.verbose: unknown field'],
    ['experimentJob', { kind: 'blackbox', job: 'maps', params: { runId: 'run-none', methods: ['rectgrad'], options: { paddingTrick: 'false' } } }, 'experimentJob blackbox maps: options.paddingTrick: expected true or false, got "false"'],
    ['experimentJob', { kind: 'blackbox', job: 'maps', params: { runId: 'run-none', methods: ['smoothgrad'], options: { inner: 'smoothgrad' } } }, 'experimentJob blackbox maps: options.inner: smoothgrad cannot wrap itself'],
    ['experimentJob', { kind: 'resnet50', job: 'maps', params: {} }, 'experimentJob: resnet50 has no jobs of its own (start it with startExperiment)'],
    ['experimentView', { kind: 'blackbox', view: 'run', params: { runId: '../../etc' } }, 'experimentView blackbox run: runId: expected an id (lower-case letters, digits and dashes), got "../../etc"'],
    // A kind's view checks its params with its own schema (issue 17).
    ['experimentView', { kind: 'vae-concept', view: 'map', params: { runId: 'run-none', method: 'rectgrad', index: 1.5 } }, 'experimentView vae-concept map: index: expected an integer in [0, 2147483647], got 1.5'],
    ['experimentView', { kind: 'resnet50', view: 'input', params: { runId: 'run-none' } }, 'experimentView resnet50 input: index: expected an integer in [0, 2147483647], got nothing'],
    ['experimentView', { kind: 'sweep', view: 'result', params: { runId: '../x' } }, 'experimentView sweep result: runId: expected an id (lower-case letters, digits and dashes), got "../x"'],
  ];
  for (const [name, params, message] of cases) {
    const r = await call(name, params);
    assert.ok(!r.ok, `${name} should be refused`);
    assert.equal(r.error.kind, 'bad-input');
    assert.equal(r.error.message, message);
  }
  assert.deepEqual(value(await call<JobInfo[]>('listJobs', {})), [], 'no job was started');
  assert.deepEqual(value(await call('listRuns', {})), [], 'no run was recorded');
  assert.deepEqual(value(await call('listDatasets', {})), []);
});

test('a good payload is recorded exactly as it ran: dataset config, training config, map options', async () => {
  const datasetConfig = { ...DEFAULT_BLACKBOX_DATASET, size: 16, count: 16, seed: 4, name: 'tiny' };
  const dsJob = value(await call<{ jobId: string }>('experimentJob', { kind: 'blackbox', job: 'dataset', params: { config: datasetConfig } }));
  await jobDone(dsJob.jobId);
  const [dataset] = value(await call<DatasetManifest[]>('listDatasets', {}));
  assert.deepEqual(dataset.config, datasetConfig);

  const started = value(await call<{ jobId: string; runId: string }>('experimentJob', { kind: 'blackbox', job: 'train', params: { datasetId: dataset.id, config: { epochs: 1, batchSize: 4, seed: 3 } } }));
  await jobDone(started.jobId);
  const manifest = JSON.parse(readFileSync(join(service.workspace.runDir(started.runId), 'manifest.json'), 'utf8'));
  // Defaults filled in once, the service's backend for the unset one, nothing else.
  assert.deepEqual(manifest.config, { ...DEFAULT_TRAIN_CONFIG, epochs: 1, batchSize: 4, seed: 3, datasetId: dataset.id, backend: 'wasm' });

  const maps = value(await call<{ jobId: string }>('experimentJob', { kind: 'blackbox', job: 'maps', params: { runId: started.runId, methods: ['rectgrad'], options: { paddingTrick: false, q: 90 }, limit: 1 } }));
  await jobDone(maps.jobId);
  const detail = value(await call<RunDetail>('experimentView', { kind: 'blackbox', view: 'run', params: { runId: started.runId } }));
  assert.equal(detail.maps?.methods.length, 1);
  assert.deepEqual(detail.maps!.methods[0].options, { ...DEFAULT_SALIENCY_OPTIONS, paddingTrick: false, q: 90 });
  assert.strictEqual(detail.maps!.methods[0].options.paddingTrick, false);

  // Kinds' views over the same door: the sweep's (none run yet), and a VAE view refusing a black-box run in one line.
  const sweep = value(await call<SweepView>('experimentView', { kind: 'sweep', view: 'result', params: { runId: started.runId } }));
  assert.equal(sweep.manifest.id, started.runId);
  assert.equal(sweep.sweep, null);
  const vae = await call('experimentView', { kind: 'vae-concept', view: 'run', params: { runId: started.runId } });
  assert.ok(!vae.ok);
  assert.equal(vae.error.kind, 'bad-input');
  assert.equal(vae.error.message, `run "${started.runId}" trained a blackbox-cnn, not a VAE: open it in the black-box views`);
});

test('the LabHost refuses a bad config when called directly, before touching a worker or the disk', async () => {
  const host = new LabHost({ workspace: join(root, 'direct'), backend: 'wasm' });
  try {
    const refused = async (p: Promise<Result<unknown>>, message: string) => {
      const r = await p;
      assert.ok(!r.ok, message);
      assert.equal(r.error.kind, 'bad-input');
      assert.equal(r.error.message, message);
    };
    await refused(createBlackboxDataset(host, { ...DEFAULT_BLACKBOX_DATASET, size: 'big' as unknown as number }), 'createDataset: size: expected an integer in [16, 512], got "big"');
    await refused(host.train({ datasetId: 'ds-x', config: { model: 'resnet50' as 'blackbox-cnn' } }), 'train: config.model: expected "blackbox-cnn" (the only model a black-box training trains), got "resnet50"');
    await refused(host.train({ resumeRunId: 'run-x', config: { epochs: 5 } }), 'train: config: a resumed run keeps the config it recorded; give none');
    await refused(computeRunMaps(host, 'run-x', { methods: ['rectgrad'], options: { paddingTrick: 'false' as unknown as boolean } }), 'computeMaps: options.paddingTrick: expected true or false, got "false"');
    await refused(computeRunMaps(host, 'run-x', { methods: ['integrated-gradients'], options: { steps: 1e7 } }), 'computeMaps: options.steps: expected an integer in [1, 1000], got 10000000');
    assert.ok(!existsSync(join(root, 'direct')), 'the workspace was not even created');
  } finally {
    await host.close();
  }
});
