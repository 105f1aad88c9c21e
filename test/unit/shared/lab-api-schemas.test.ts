/**
 * The LabApi schemas as a table (issue 7): every call with one good payload, and bad payloads that must
 * be refused with one line naming the call and the field. Rows are data, like the bad-input fixtures.
 */
import { EXPERIMENT_KINDS } from '../../../src/shared/experiments/index.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAB_CALL_NAMES, type LabCallName } from '../../../src/shared/lab-api.ts';
import { DEFAULT_BLACKBOX_DATASET } from '../../../src/shared/dataset.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../src/shared/saliency.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/shared/run.ts';
import { LAB_CALL_SCHEMAS, MapsRequestSchema, parseCallParams } from '../../../src/shared/schemas/lab-api.ts';
import { TrainRequestSchema } from '../../../src/shared/schemas/run.ts';
import { BlackboxDatasetConfigSchema } from '../../../src/shared/schemas/dataset.ts';
import { check, dottedPath, parseOrThrow } from '../../../src/shared/schemas/check.ts';
import { type JobName, type JobParsed, parseJobParams } from '../../../src/shared/experiments/jobs.ts';
import type { Result } from '../../../src/shared/result.ts';

const ds = DEFAULT_BLACKBOX_DATASET;

/** One good payload per call; the `satisfies` keeps the table complete when a call is added. */
const GOOD = {
  getInfo: {},
  openWorkspace: { path: '/tmp/ws' },
  listDatasets: {},
  getDatasetItems: { datasetId: 'ds-20250101-120000-ab12' },
  deleteDataset: { datasetId: 'ds-1' },
  listRuns: {},
  resumeTraining: { runId: 'run-1' },
  writeReport: { runId: 'run-1' },
  deleteRun: { runId: 'run-1' },
  updateRunInfo: { runId: 'run-1', name: 'baseline, lr 0.01', tags: ['baseline', 'lr:0.01', 'v1.2+fix', 'seed 3'], notes: 'First try.\nBox at the top left.' },
  exportRunArchive: { runId: 'run-1' },
  importRunArchive: { path: '/tmp/run-1.tgz' },
  listJobs: {},
  cancelJob: { jobId: 'job-3' },
  listExperiments: {},
  startExperiment: { kind: 'blackbox', config: { quick: true, train: { epochs: 2 } } },
  listModels: {},
  importModel: { source: '/models/resnet50.h5', name: 'mine', preprocessing: 'caffe' },
  experimentView: { kind: 'sweep', view: 'result', params: { runId: 'run-1' } },
  experimentJob: { kind: 'blackbox', job: 'maps', params: { runId: 'run-1', methods: ['rectgrad'] } },
  listBatches: {},
  submitBatch: { kind: 'blackbox', executor: 'slurm', seeds: [1, 2, 3], grid: [{ flag: 'epochs', values: ['3', '5'] }], flags: { quick: true }, slurm: { partition: 'gpu', time: '1:00:00', cpus: 2, mem: '8G', gres: 'gpu:1' } },
  batchStatus: { batch: 'batch-20261207-120000-ab12' },
  cancelBatch: { batch: 'batch-1' },
  resubmitBatch: { batch: 'batch-1', members: [0, 2] },
  collectBatch: { batch: 'batch-1', resamples: 2000 },
} satisfies Record<LabCallName, object>;

/** [call, params, the exact one-line message]. */
const BAD: Array<[LabCallName, unknown, string]> = [
  // wrong types name the field
  ['openWorkspace', { path: 42 }, 'openWorkspace: path: expected a string, got 42'],
  ['openWorkspace', { path: '' }, 'openWorkspace: path: must not be empty'],
  ['getDatasetItems', { datasetId: ['ds-1'] }, 'getDatasetItems: datasetId: expected an id, got an array'],
  ['getDatasetItems', { datasetId: '../../etc' }, 'getDatasetItems: datasetId: expected an id (lower-case letters, digits and dashes), got "../../etc"'],
  ['deleteDataset', {}, 'deleteDataset: datasetId: expected an id, got nothing'],
  ['deleteRun', { runId: 7 }, 'deleteRun: runId: expected an id, got 7'],
  ['resumeTraining', { runId: null }, 'resumeTraining: runId: expected an id, got null'],
  // issue 7: "false" ran with the trick on and was recorded as "false"
  ['writeReport', { runId: true }, 'writeReport: runId: expected an id, got true'],
  ['deleteRun', { runId: {} }, 'deleteRun: runId: expected an id, got an object'],
  ['cancelJob', { jobId: 3 }, 'cancelJob: jobId: expected an id, got 3'],
  // the whole payload of the wrong type
  ['deleteRun', 'run-1', 'deleteRun: params: expected an object, got "run-1"'],
  ['listRuns', null, 'listRuns: params: expected an object, got null'],
  ['getInfo', [], 'getInfo: params: expected an object, got an array'],
  // enums exact
  // issue 7: a black-box training of another model was recorded while the CNN was trained
  // smoothgrad cannot wrap itself
  // numbers bounded
  ['startExperiment', { kind: 'owls', config: {} }, `startExperiment: kind: expected ${EXPERIMENT_KINDS.join(' or ')}, got "owls"`],
  ['startExperiment', { kind: 'blackbox', config: 'quick' }, 'startExperiment: config: expected an object, got "quick"'],
  ['importModel', { source: '' }, 'importModel: source: must not be empty'],
  ['importModel', { source: '/m.h5', preprocessing: 'imagenet' }, 'importModel: preprocessing: expected one of unit, paper, caffe, torch, minus1to1, inverted, got "imagenet"'],
  // A view's own params are checked by its schema at the host (test/unit/main/host/experiments/experiment-views.test.ts).
  ['experimentView', { kind: 'sweep', view: '../x', params: {} }, 'experimentView: view: expected a view name (lower-case letters, digits, -)'],
  ['experimentView', { kind: 'owls', view: 'result', params: {} }, `experimentView: kind: expected ${EXPERIMENT_KINDS.join(' or ')}, got "owls"`],
  ['experimentView', { kind: 'vae-concept', view: 'map', params: 'run-1' }, 'experimentView: params: expected an object, got "run-1"'],
  ['experimentJob', { kind: 'blackbox', job: '../x', params: {} }, 'experimentJob: job: expected a job name (lower-case letters, digits, -)'],
  ['experimentJob', { kind: 'owls', job: 'maps', params: {} }, `experimentJob: kind: expected ${EXPERIMENT_KINDS.join(' or ')}, got "owls"`],
  ['experimentJob', { kind: 'blackbox', job: 'maps', params: [] }, 'experimentJob: params: expected an object, got an array'],
  ['submitBatch', { kind: 'blackbox', seeds: [1, 1] }, 'submitBatch: seeds: lists a seed twice'],
  ['submitBatch', { kind: 'blackbox', seeds: [1], executor: 'pbs' }, 'submitBatch: executor: expected one of local, slurm, external, got "pbs"'],
  ['submitBatch', { kind: 'blackbox', seeds: [1], slurm: { time: 'soon' } }, 'submitBatch: slurm.time: expected a Slurm time limit (minutes, HH:MM:SS or D-HH:MM:SS), got "soon"'],
  ['submitBatch', { kind: 'blackbox', seeds: [1], slurm: { partition: 'gpu; rm -rf /' } }, 'submitBatch: slurm.partition: expected a partition name, got "gpu; rm -rf /"'],
  ['batchStatus', { batch: '../runs' }, 'batchStatus: batch: expected an id (lower-case letters, digits and dashes), got "../runs"'],
  ['cancelBatch', {}, 'cancelBatch: batch: expected an id, got nothing'],
  ['resubmitBatch', { batch: 'batch-1', members: [-1] }, 'resubmitBatch: members[0]: expected an integer in [0, 999], got -1'],
  ['collectBatch', { batch: 'batch-1', resamples: 5 }, 'collectBatch: resamples: expected an integer in [100, 1000000], got 5'],
  // issue 21: a run's name, tags and note
  ['updateRunInfo', { runId: '../runs', name: 'x' }, 'updateRunInfo: runId: expected an id (lower-case letters, digits and dashes), got "../runs"'],
  ['updateRunInfo', { runId: 'run-1', name: '' }, 'updateRunInfo: name: must not be blank'],
  ['updateRunInfo', { runId: 'run-1', name: '   ' }, 'updateRunInfo: name: must not be blank'],
  ['updateRunInfo', { runId: 'run-1', name: 'x'.repeat(201) }, 'updateRunInfo: name: expected at most 200 characters'],
  ['updateRunInfo', { runId: 'run-1', name: 7 }, 'updateRunInfo: name: expected a string, got 7'],
  ['updateRunInfo', { runId: 'run-1', tags: 'baseline' }, 'updateRunInfo: tags: expected an array, got "baseline"'],
  ['updateRunInfo', { runId: 'run-1', tags: ['ok', 'a/b'] }, 'updateRunInfo: tags[1]: expected a tag of 1–40 letters, digits, spaces or _ . : + - (not starting or ending with a space), got "a/b"'],
  ['updateRunInfo', { runId: 'run-1', tags: [''] }, 'updateRunInfo: tags[0]: expected a tag of 1–40 letters, digits, spaces or _ . : + - (not starting or ending with a space), got ""'],
  ['updateRunInfo', { runId: 'run-1', tags: [' lead'] }, 'updateRunInfo: tags[0]: expected a tag of 1–40 letters, digits, spaces or _ . : + - (not starting or ending with a space), got " lead"'],
  ['updateRunInfo', { runId: 'run-1', tags: ['<script>'] }, 'updateRunInfo: tags[0]: expected a tag of 1–40 letters, digits, spaces or _ . : + - (not starting or ending with a space), got "<script>"'],
  ['updateRunInfo', { runId: 'run-1', tags: ['x'.repeat(41)] }, `updateRunInfo: tags[0]: expected a tag of 1–40 letters, digits, spaces or _ . : + - (not starting or ending with a space), got "${'x'.repeat(41)}"`],
  ['updateRunInfo', { runId: 'run-1', tags: [3] }, 'updateRunInfo: tags[0]: expected a string, got 3'],
  ['updateRunInfo', { runId: 'run-1', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'updateRunInfo: tags: expected at most 20 items, got 21'],
  ['updateRunInfo', { runId: 'run-1', tags: ['a', 'a'] }, 'updateRunInfo: tags: lists a tag twice'],
  ['updateRunInfo', { runId: 'run-1', notes: 'x'.repeat(10_001) }, 'updateRunInfo: notes: expected at most 10000 characters'],
  ['updateRunInfo', { runId: 'run-1', notes: null }, 'updateRunInfo: notes: expected a string, got null'],
  ['exportRunArchive', { runId: 'run 1' }, 'exportRunArchive: runId: expected an id (lower-case letters, digits and dashes), got "run 1"'],
  ['exportRunArchive', {}, 'exportRunArchive: runId: expected an id, got nothing'],
  ['importRunArchive', { path: '' }, 'importRunArchive: path: must not be empty'],
  ['importRunArchive', { path: ['/a.tgz'] }, 'importRunArchive: path: expected a string, got an array'],
];

/**
 * The black box's jobs (experimentJob blackbox JOB, issue 17): their params are checked by each job's own
 * schema at the contract (parseJobParams), one line naming the kind, the job and the field.
 */
const JOB_GOOD = {
  dataset: { config: { ...ds, source: { kind: 'folder', path: '/data/imgs' }, name: 'mine' } },
  train: { datasetId: 'ds-1', config: { epochs: 3, batchSize: 16, learningRate: 0.01, backend: 'wasm' } },
  maps: { runId: 'run-1', methods: ['rectgrad', 'smoothgrad'], options: { q: 90, paddingTrick: false, inner: 'integrated-gradients' }, limit: 10 },
} satisfies Record<JobName<'blackbox'>, object>;

/** [job, params, the exact one-line message]. */
const JOB_BAD: Array<[JobName<'blackbox'>, unknown, string]> = [
  ['dataset', { config: { ...ds, size: '64' } }, 'experimentJob blackbox dataset: config.size: expected an integer in [16, 512], got "64"'],
  ['dataset', { config: { ...ds, source: { kind: 'folder', path: 7 } } }, 'experimentJob blackbox dataset: config.source.path: expected a string, got 7'],
  ['dataset', { config: { ...ds, name: null } }, 'experimentJob blackbox dataset: config.name: expected a string, got null'],
  ['train', { datasetId: 'ds-1', config: { epochs: '10' } }, 'experimentJob blackbox train: config.epochs: expected an integer in [1, 1000], got "10"'],
  ['train', { datasetId: 'ds-1', config: { backend: 'gpu' } }, 'experimentJob blackbox train: config.backend: expected one of auto, tensorflow, wasm, cpu, got "gpu"'],
  ['train', { datasetId: 'ds-1' }, 'experimentJob blackbox train: config: expected an object, got nothing'],
  ['maps', { runId: 'run-1', methods: ['rectgrad'], options: { paddingTrick: 'false' } }, 'experimentJob blackbox maps: options.paddingTrick: expected true or false, got "false"'],
  ['maps', { runId: 'run-1', methods: ['rectgrad'], options: { timesInput: 0 } }, 'experimentJob blackbox maps: options.timesInput: expected true or false, got 0'],
  ['maps', { runId: 'run-1', methods: 'rectgrad', options: {} }, 'experimentJob blackbox maps: methods: expected an array, got "rectgrad"'],
  ['dataset', { config: { ...ds, source: { kind: 'ftp' } } }, 'experimentJob blackbox dataset: config.source.kind: expected "generated" or "imagenette" or "folder", got "ftp"'],
  ['maps', { runId: 'run-1', methods: ['rectgrad', 'magic'], options: {} }, 'experimentJob blackbox maps: methods[1]: expected one of gradient, gradient-x-input, guided-backprop, rectgrad, nobias-rectgrad, integrated-gradients, smoothgrad, got "magic"'],
  ['maps', { runId: 'run-1', methods: ['RectGrad'], options: {} }, 'experimentJob blackbox maps: methods[0]: expected one of gradient, gradient-x-input, guided-backprop, rectgrad, nobias-rectgrad, integrated-gradients, smoothgrad, got "RectGrad"'],
  ['maps', { runId: 'run-1', methods: ['rectgrad'], options: { percentile: 'Linear' } }, 'experimentJob blackbox maps: options.percentile: expected "nearest" or "linear", got "Linear"'],
  ['dataset', { config: { ...ds, source: { kind: 'imagenette', url: 'file:///etc/passwd' } } }, 'experimentJob blackbox dataset: config.source.url: expected an http(s) URL, got "file:///etc/passwd"'],
  ['train', { datasetId: 'ds-1', config: { model: 'resnet50' } }, 'experimentJob blackbox train: config.model: expected "blackbox-cnn" (the only model a black-box training trains), got "resnet50"'],
  ['maps', { runId: 'run-1', methods: ['smoothgrad'], options: { inner: 'smoothgrad' } }, 'experimentJob blackbox maps: options.inner: smoothgrad cannot wrap itself'],
  ['dataset', { config: { ...ds, size: 8 } }, 'experimentJob blackbox dataset: config.size: expected an integer in [16, 512], got 8'],
  ['dataset', { config: { ...ds, size: 64.5 } }, 'experimentJob blackbox dataset: config.size: expected an integer in [16, 512], got 64.5'],
  ['dataset', { config: { ...ds, count: 3 } }, 'experimentJob blackbox dataset: config.count: expected an integer in [4, 100000], got 3'],
  ['dataset', { config: { ...ds, count: 1e9 } }, 'experimentJob blackbox dataset: config.count: expected an integer in [4, 100000], got 1000000000'],
  ['dataset', { config: { ...ds, count: 20_000, size: 512 } }, 'experimentJob blackbox dataset: config.count: 20000 images of 512² pixels need 14.6 GiB at once, more than the 2.0 GiB a run may hold; at most 2730 at this size, or use smaller images'],
  ['dataset', { config: { ...ds, boxMinFraction: 0 } }, 'experimentJob blackbox dataset: config.boxMinFraction: expected a number in (0, 1), got 0'],
  ['dataset', { config: { ...ds, boxMinFraction: 0.5, boxMaxFraction: 0.25 } }, 'experimentJob blackbox dataset: config.boxMinFraction: must not exceed boxMaxFraction (0.25), got 0.5'],
  ['dataset', { config: { ...ds, seed: 2 ** 40 } }, 'experimentJob blackbox dataset: config.seed: expected an integer in [-2147483648, 2147483647], got 1099511627776'],
  ['train', { datasetId: 'ds-1', config: { epochs: 0 } }, 'experimentJob blackbox train: config.epochs: expected an integer in [1, 1000], got 0'],
  ['train', { datasetId: 'ds-1', config: { batchSize: 1e6 } }, 'experimentJob blackbox train: config.batchSize: expected an integer in [1, 4096], got 1000000'],
  ['train', { datasetId: 'ds-1', config: { learningRate: 0 } }, 'experimentJob blackbox train: config.learningRate: expected a number in (0, 1), got 0'],
  ['train', { datasetId: 'ds-1', config: { learningRate: 5 } }, 'experimentJob blackbox train: config.learningRate: expected a number in (0, 1), got 5'],
  ['train', { datasetId: 'ds-1', config: { testFraction: 0.99 } }, 'experimentJob blackbox train: config.testFraction: expected a number in [0.05, 0.5], got 0.99'],
  ['maps', { runId: 'run-1', methods: ['rectgrad'], options: { q: 120 } }, 'experimentJob blackbox maps: options.q: expected a number in [0, 100], got 120'],
  ['maps', { runId: 'run-1', methods: ['rectgrad'], options: { q: -1 } }, 'experimentJob blackbox maps: options.q: expected a number in [0, 100], got -1'],
  ['maps', { runId: 'run-1', methods: ['integrated-gradients'], options: { steps: 0 } }, 'experimentJob blackbox maps: options.steps: expected an integer in [1, 1000], got 0'],
  ['maps', { runId: 'run-1', methods: ['integrated-gradients'], options: { steps: 1e7 } }, 'experimentJob blackbox maps: options.steps: expected an integer in [1, 1000], got 10000000'],
  ['maps', { runId: 'run-1', methods: ['smoothgrad'], options: { samples: 2.5 } }, 'experimentJob blackbox maps: options.samples: expected an integer in [1, 1000], got 2.5'],
  ['maps', { runId: 'run-1', methods: ['smoothgrad'], options: { noiseLevel: -0.1 } }, 'experimentJob blackbox maps: options.noiseLevel: expected a number in [0, 1], got -0.1'],
  ['maps', { runId: 'run-1', methods: ['smoothgrad'], options: { noiseLevel: 50 } }, 'experimentJob blackbox maps: options.noiseLevel: expected a number in [0, 1], got 50'],
  ['maps', { runId: 'run-1', methods: ['rectgrad'], options: {}, limit: 0 }, 'experimentJob blackbox maps: limit: expected an integer in [1, 100000], got 0'],
  ['maps', { runId: 'run-1', methods: [], options: {} }, 'experimentJob blackbox maps: methods: expected at least 1 item, got 0'],
  ['maps', { runId: 'run-1', methods: ['rectgrad', 'rectgrad'], options: {} }, 'experimentJob blackbox maps: methods: lists a method twice'],
];

/** Unknown keys deep inside a job's params. */
const JOB_NESTED: Array<[JobName<'blackbox'>, unknown, string]> = [
  ['dataset', { config: { ...ds, colour: 'red' } }, 'experimentJob blackbox dataset: config.colour: unknown field'],
  ['dataset', { config: { ...ds, source: { kind: 'generated', path: '/x' } } }, 'experimentJob blackbox dataset: config.source.path: unknown field'],
  ['train', { datasetId: 'ds-1', config: { epoch: 3 } }, 'experimentJob blackbox train: config.epoch: unknown field'],
  ['train', { datasetId: 'ds-1', config: { datasetId: 'ds-2' } }, 'experimentJob blackbox train: config.datasetId: unknown field'],
  ['maps', { runId: 'run-1', methods: ['rectgrad'], options: { padding_trick: false } }, 'experimentJob blackbox maps: options.padding_trick: unknown field'],
  ['maps', { runId: 'run-1', methods: ['rectgrad'], options: { a: 1, b: 2 } }, 'experimentJob blackbox maps: options.a: unknown field (and "b")'],
];

test('every job of the black box accepts its good params, and refuses bad ones in one line', () => {
  for (const [job, params] of Object.entries(JOB_GOOD)) {
    const r = parseJobParams('blackbox', job, params);
    assert.ok(r.ok, `${job}: ${r.ok ? '' : r.error.message}`);
  }
  for (const [job, params, message] of [...JOB_BAD, ...JOB_NESTED]) {
    const r = parseJobParams('blackbox', job, params);
    assert.ok(!r.ok, `${job} ${JSON.stringify(params)} should be refused`);
    assert.equal(r.error.kind, 'bad-input');
    assert.equal(r.error.message, message);
  }
  for (const job of Object.keys(JOB_GOOD)) {
    const r = parseJobParams('blackbox', job, { ...JOB_GOOD[job as JobName<'blackbox'>], sneaky: 1 });
    assert.ok(!r.ok && r.error.message === `experimentJob blackbox ${job}: sneaky: unknown field`, job);
  }
});

test('a job the kind does not have, or a kind without jobs, is refused naming what there is', () => {
  const none = parseJobParams('blackbox', 'paint', {});
  assert.ok(!none.ok && none.error.message === 'experimentJob: blackbox has no job "paint" (it has dataset, train, maps)');
  const noJobs = parseJobParams('sweep', 'maps', {});
  assert.ok(!noJobs.ok && noJobs.error.message === 'experimentJob: sweep has no jobs of its own (start it with startExperiment)');
  assert.ok(!parseJobParams('blackbox', 'toString', {}).ok, 'an inherited name is not a job');
});

test('every call accepts its good payload', () => {
  for (const name of LAB_CALL_NAMES) {
    const r = parseCallParams(name, GOOD[name]);
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error.message}`);
  }
});

test('bad payloads are refused with one line: call, field path, problem', () => {
  for (const [call, params, message] of BAD) {
    const r = parseCallParams(call, params);
    assert.ok(!r.ok, `${call} ${JSON.stringify(params)} should be refused`);
    assert.equal(r.error.kind, 'bad-input');
    assert.equal(r.error.message, message);
    assert.ok(!r.error.message.includes('\n'), 'one line');
  }
});

test('every call refuses an unknown key, at the top and inside nested objects, naming it', () => {
  for (const name of LAB_CALL_NAMES) {
    const r = parseCallParams(name, { ...GOOD[name], sneaky: 1 });
    assert.ok(!r.ok, name);
    assert.equal(r.error.message, `${name}: sneaky: unknown field`);
  }
  // Unknown keys deep inside a job's params: JOB_NESTED above.
});

test('every call has a schema, and the table covers every call', () => {
  assert.deepEqual(Object.keys(LAB_CALL_SCHEMAS).sort(), [...LAB_CALL_NAMES].sort());
  const refused = new Set(BAD.map(([c]) => c));
  for (const name of LAB_CALL_NAMES) {
    if (Object.keys(GOOD[name]).length > 0) assert.ok(refused.has(name), `${name} has no bad row`);
  }
});

test('parsing hands on exactly what runs: defaults filled in once, nothing extra', () => {
  const maps = parseJobParams('blackbox', 'maps', { runId: 'run-1', methods: ['rectgrad'], options: { paddingTrick: false } }) as Result<JobParsed<'blackbox', 'maps'>>;
  assert.ok(maps.ok);
  assert.deepEqual(maps.value, { runId: 'run-1', methods: ['rectgrad'], options: { ...DEFAULT_SALIENCY_OPTIONS, paddingTrick: false } });
  assert.equal(maps.value.options.paddingTrick, false);
  const train = parseJobParams('blackbox', 'train', { datasetId: 'ds-1', config: { epochs: 3 } }) as Result<JobParsed<'blackbox', 'train'>>;
  assert.ok(train.ok);
  const { backend: _backend, ...defaults } = DEFAULT_TRAIN_CONFIG;
  assert.deepEqual(train.value.config, { ...defaults, epochs: 3 }, 'backend stays unset: the host fills in its own choice');
  // Parsing a parsed value changes nothing (the host parses again at its own entry).
  assert.deepEqual(parseJobParams('blackbox', 'maps', maps.value), maps);
  // The input is not mutated, and a default object is never shared between two parses.
  const input = { runId: 'run-1', methods: ['gradient'], options: {} };
  const a = parseJobParams('blackbox', 'maps', input) as Result<JobParsed<'blackbox', 'maps'>>;
  const b = parseJobParams('blackbox', 'maps', input) as Result<JobParsed<'blackbox', 'maps'>>;
  assert.deepEqual(input.options, {});
  assert.ok(a.ok && b.ok && a.value.options !== b.value.options);
});

test('host requests: maps options default, a resume takes no config, a new run needs a dataset', () => {
  assert.deepEqual(parseOrThrow(MapsRequestSchema, { methods: ['gradient'] }, 'computeMaps').options, DEFAULT_SALIENCY_OPTIONS);
  assert.throws(() => parseOrThrow(MapsRequestSchema, { methods: ['gradient'], options: { paddingTrick: 'false' } }, 'computeMaps'), /^LabError: computeMaps: options\.paddingTrick: expected true or false, got "false"$/);
  assert.throws(() => parseOrThrow(TrainRequestSchema, { resumeRunId: 'run-1', config: { epochs: 3 } }, 'train'), /train: config: a resumed run keeps the config it recorded; give none/);
  assert.throws(() => parseOrThrow(TrainRequestSchema, {}, 'train'), /train: datasetId: a new run needs a dataset id/);
  assert.throws(() => parseOrThrow(TrainRequestSchema, { datasetId: 'ds-1', config: { model: 'resnet50' } }, 'train'), /train: config\.model: expected "blackbox-cnn"/);
  assert.doesNotThrow(() => parseOrThrow(TrainRequestSchema, { datasetId: 'ds-1', resumeRunId: 'run-1' }, 'train'));
  assert.throws(() => parseOrThrow(BlackboxDatasetConfigSchema, { ...ds, size: Number.NaN }, 'createDataset'), /createDataset: size: expected an integer in \[16, 512\], got NaN/);
  assert.throws(() => parseOrThrow(BlackboxDatasetConfigSchema, { ...ds, count: Infinity }, 'createDataset'), /createDataset: count: expected an integer in \[4, 100000\], got Infinity/);
});

test('paths and values in messages stay on one line and short', () => {
  assert.equal(dottedPath([]), 'params');
  assert.equal(dottedPath(['config', 'source', 'kind']), 'config.source.kind');
  assert.equal(dottedPath(['methods', 2]), 'methods[2]');
  const r = check(BlackboxDatasetConfigSchema, { ...ds, name: 5, size: `${'x'.repeat(500)}\nsecond line` });
  assert.ok(!r.ok);
  assert.ok(!r.problem.includes('\n') && r.problem.length < 150, r.problem);
});
