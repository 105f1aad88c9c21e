/**
 * Experiment 3 (METHODS.md, paper Fig. 3): a pretrained ResNet50 (the Keras ImageNet weights, downloaded
 * on request) or any model the lab can load explains images under a preprocessing preset. RectGrad's
 * final × input suppresses whatever the preset maps to 0 — black for [0, 1], mid-grey for [−0.5, 0.5],
 * the ImageNet mean colour for caffe — and the numbers say so: mean |S| near the zero point relative to
 * the mean, the bin where |S| is lowest, and the Spearman ρ of |S| with the distance to the zero point.
 * Stages: model → maps → report; no training, so the run records the model instead of a training config.
 */
import { readFile, stat } from 'node:fs/promises';
import { readRunJson } from '../../run-files.ts';
import { extname, join, resolve } from 'node:path';
import { type KerasGraph, type ModelKind, type ModelMapsResult, type ModelRef, kerasGraphLine } from '../../../../shared/models.ts';
import { PREPROCESSING_PRESETS, type PreprocessingId, zeroPoint } from '../../../../shared/preprocessing.ts';
import { binRuleText } from '../../../../shared/binning.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import { withRemedy } from '../../../../shared/remedy.ts';
import type { RunManifest } from '../../../../shared/run.ts';
import { type Resnet50ExperimentConfig, Resnet50ExperimentConfigSchema, Resnet50ViewParams } from '../../../../shared/experiments/resnet50.ts';
import { type ExperimentDefinition, type KindViews, stageReporter, view } from '../experiment-definition.ts';
import { SALIENCY_OPTIONS_NOT_FLAGS, fieldsUnder, flagsFromSchema } from '../flags-from-schema.ts';
import { ModelStore } from '../../models/model-store.ts';
import { exists } from '../../workspace-check.ts';
import { className, imagenetClass } from '../../models/imagenet-classes.ts';
import { resnet50Report } from './report.ts';
import { ModelMapReader, modelRun, storedBinning } from './views.ts';
import type { FileLock } from '../../../../node/file-lock.ts';

export interface Resnet50MethodNumbers {
  zeroPointSuppression: number | null;
  lowestBin: number | null;
  /** Median over the images with a defined ρ. */
  intensitySpearman: number;
  /** How many images had a defined ρ (a constant map has none), out of `images`; null in runs stored before issue 15. */
  intensitySpearmanN: number | null;
  images: number;
}

export interface Resnet50Summary {
  runId: string;
  runDir: string;
  backend: string | undefined;
  experiment: 'resnet50';
  model: string;
  /** Keras ResNet .h5 only: the graph the run built (issue 15, item 3) and the stem pool's output side. */
  kerasGraph?: KerasGraph;
  pooledSide?: number;
  preset: PreprocessingId;
  /** The preset's zero point as raw RGB in [0, 1]. */
  zeroPoint: [number, number, number];
  /** Distance-to-zero-point bins (src/shared/binning.ts): centres, B + 1 edges, elements per bin, and the count a bin needs to be `lowestBin`. */
  bins: number[];
  binEdges: number[];
  binCounts: number[];
  minBinCount: number;
  /** Each image's top class. */
  top1: Array<{ image: string; class: number; name: string | null; probability: number }>;
  metrics: Record<string, Resnet50MethodNumbers>;
  /** Options the model could not honour (graph models: the padding trick). */
  notHonoured: string[];
  report: string;
}

const STAGES = ['model', 'maps', 'report'] as const;

/** Maps and inputs through the host's one byte-bounded map reader. */
const modelMaps = new ModelMapReader();

/** A model file given by path (Keras .h5, TF.js folder or model.json), in place. */
async function refFromPath(path: string): Promise<ModelRef> {
  const p = resolve(path);
  const st = await stat(p);
  if (st.isFile() && ['.h5', '.hdf5'].includes(extname(p).toLowerCase())) return { kind: 'keras-h5', path: p };
  const json = st.isDirectory() ? join(p, 'model.json') : p;
  if (!(await exists(json)) || !json.toLowerCase().endsWith('.json')) throw new LabError('bad-input', `${path}: not a model (expected a Keras .h5 file, a TF.js model folder / model.json, "keras" or a model in the cache)`);
  let format: unknown;
  try {
    format = (JSON.parse(await readFile(json, 'utf8')) as { format?: unknown }).format;
  } catch {
    throw new LabError('bad-input', `${json}: not a model.json (invalid JSON)`);
  }
  const kind: ModelKind = format === 'graph-model' ? 'graph' : 'layers';
  return { kind, path: json };
}

/** `keras`: the cached (or downloaded) Keras ResNet50; a cached model's id or name; or a path. */
async function resolveModel(store: ModelStore, weights: string, hooks: { signal?: AbortSignal; onProgress?: (done: number, total: number, stage: string) => void }) {
  if (weights === 'keras') {
    const m = await store.ensureKerasResnet50(hooks);
    return { ref: store.refOf(m), name: m.name, preprocessing: m.preprocessing };
  }
  const cached = /^[\w .-]+$/.test(weights) && !(await exists(weights)) ? await store.find(weights) : undefined;
  if (cached !== undefined) return { ref: store.refOf(cached), name: cached.name, preprocessing: cached.preprocessing };
  if (!(await exists(weights))) throw new LabError('bad-input', `${weights}: not found: the weights are keras, a model file or folder, or an imported model`, withRemedy({ command: 'saliency-lab model list names the imported models', inApp: 'pick one of the imported models in the Weights list (the Models view imports one)' }));
  const ref = await refFromPath(weights);
  return { ref, name: weights, preprocessing: (ref.kind === 'keras-h5' ? 'caffe' : 'unit') as PreprocessingId };
}

/** The run's own graph choice wins over the one stored with a cached model. */
function withGraph(ref: ModelRef, graph: KerasGraph | undefined): ModelRef {
  return graph === undefined ? ref : { ...ref, kerasGraph: graph };
}

const readClass = (text: string) => (/^\d+$/.test(text) ? Number(text) : text);

export const resnet50Experiment: ExperimentDefinition<Resnet50ExperimentConfig, Resnet50Summary> = {
  info: {
    kind: 'resnet50',
    title: 'ResNet50 and the zero point',
    summary: 'A pretrained model explains images; RectGrad suppresses every pixel at the preprocessing’s zero point, a different colour for each preset (paper Fig. 3).',
    stages: STAGES,
  },
  schema: Resnet50ExperimentConfigSchema,
  quickPreset: { count: 4, maps: { methods: ['rectgrad', 'nobias-rectgrad', 'gradient'] } },
  flags: flagsFromSchema(Resnet50ExperimentConfigSchema, {
    flags: {
      weights: { paths: ['weights'], arg: 'keras|PATH|MODEL' },
      images: { paths: ['images'], arg: 'DIR' },
      class: { paths: ['class'], read: readClass, arg: 'N|NAME' },
      'keras1-graph': 'kerasGraph',
    },
    omit: fieldsUnder('maps.options', SALIENCY_OPTIONS_NOT_FLAGS),
  }),

  async run(host, config, hooks) {
    const stage = stageReporter(this.info, hooks);
    const log = hooks.log ?? (() => {});
    const store = new ModelStore(host);
    stage.stage(0);
    if (config.images !== undefined && !(await exists(config.images))) throw new LabError('bad-input', `${config.images}: image folder not found`);
    const resolved = await resolveModel(store, config.weights, { signal: hooks.signal, onProgress: (done, total) => stage.update(done, total) });
    const model = { ...resolved, ref: withGraph(resolved.ref, config.kerasGraph) };
    const inspection = unwrap(await host.callWorker('inspectModel', { ...model.ref, size: config.size }, { signal: hooks.signal }));
    const target = config.class === undefined ? null : imagenetClass(config.class, inspection.outputCount);
    const preset = config.preset ?? model.preprocessing;
    if (inspection.kerasGraph !== undefined) log(`model: ${kerasGraphLine(inspection.kerasGraph, inspection.pooledSide)}`);
    log(`model: ${inspection.architecture} (${model.name}); preprocessing ${preset}, zero point ${zeroPoint(PREPROCESSING_PRESETS[preset]).map((v) => v.toFixed(3)).join(', ')}`);

    const run = host.newRunManifest({
      kind: 'experiment',
      name: `${this.info.title}: ${model.name}`,
      config: { model: 'pretrained', datasetId: '', source: model.ref, architecture: inspection.architecture, epochs: 0, backend: host.backendChoice },
      experiment: 'resnet50',
      experimentConfig: { ...config, preset, target, ...(inspection.kerasGraph ? { kerasGraph: inspection.kerasGraph } : {}) },
    });
    const runId = run.id;
    const runDir = host.workspace.runDir(runId);
    let lock: FileLock | undefined = await host.createRun(run, 'computing maps');
    try {
      await host.workspace.updateRun(runId, { status: 'running' });
      await hooks.onRunCreated?.(runId);
      stage.stage(1);
      const r = await host.callWorker(
        'modelMaps',
        {
          model: model.ref,
          size: config.size,
          preset,
          images: config.images !== undefined ? { kind: 'folder', path: resolve(config.images), limit: config.maps.limit } : { kind: 'generated', count: config.count, seed: config.seed },
          target,
          methods: config.maps.methods,
          options: config.maps.options,
          bins: config.bins,
          minBinCount: config.minBinCount,
          runDir,
        },
        { signal: hooks.signal, onEvent: (e) => stage.update(e.done, e.total) },
      );
      if (!r.ok) {
        await host.workspace.updateRun(runId, { status: r.error.kind === 'cancelled' ? 'cancelled' : 'failed', error: r.error.message });
        throw new LabError(r.error.kind, r.error.message, r.error.details);
      }
      const result: ModelMapsResult = r.value;
      if (result.skipped.length > 0) log(`images: ${result.names.length} read, ${result.skipped.length} skipped (${result.skipped.slice(0, 3).map((s) => `${s.file}: ${s.reason}`).join('; ')}${result.skipped.length > 3 ? '; …' : ''})`);
      for (const line of result.notHonoured) log(`note: ${line}`);
      await host.workspace.updateRun(runId, { status: 'completed', backend: result.backend });
      await lock.releaseAsync();
      lock = undefined;
      stage.stage(2);
      unwrap(await host.writeReport(runId));
      stage.update(1, 1);
      return await host.workspace.readRun(runId);
    } finally {
      await lock?.releaseAsync();
    }
  },

  /** What the app's ResNet50 view reads (params: src/shared/experiments/resnet50.ts). */
  views: {
    run: view(Resnet50ViewParams.run, async (host, { runId }) => modelRun(host, runId)),
    map: view(Resnet50ViewParams.map, (host, { runId, method, index }) => modelMaps.map(host, runId, method, index)),
    input: view(Resnet50ViewParams.input, (host, { runId, index }) => modelMaps.input(host, runId, index)),
  } satisfies KindViews<'resnet50'>,

  report: (host, runId) => resnet50Report(host.workspace, runId),

  async summarize(host, run: RunManifest) {
    const runDir = host.workspace.runDir(run.id);
    const r = await readRunJson<ModelMapsResult & { preset: PreprocessingId }>(runDir, 'model-maps.json', 'model maps file');
    const classes = r.inspection.outputCount;
    return {
      runId: run.id,
      runDir,
      backend: run.backend?.name,
      experiment: 'resnet50',
      model: r.inspection.architecture,
      ...(r.inspection.kerasGraph ? { kerasGraph: r.inspection.kerasGraph, pooledSide: r.inspection.pooledSide } : {}),
      preset: r.preset,
      zeroPoint: r.zeroPoint,
      ...storedBinning(r),
      top1: r.top5.map((t, i) => ({ image: r.names[i], class: t[0].index, name: className(t[0].index, classes), probability: t[0].probability })),
      metrics: Object.fromEntries(
        Object.entries(r.methods).map(([m, v]) => [m, { zeroPointSuppression: v.zeroPointSuppression, lowestBin: v.lowestBin, intensitySpearman: v.intensitySpearman, intensitySpearmanN: v.intensitySpearmanN ?? null, images: r.names.length }]),
      ),
      notHonoured: r.notHonoured,
      report: join(runDir, 'report', 'report.html'),
    };
  },

  describe(s) {
    const f = (v: number | null, d: number) => (v !== null && Number.isFinite(v) ? v.toFixed(d) : '–');
    // Images without a defined ρ (a constant map) are counted, not dropped silently (issue 15).
    const spearmanN = (v: Resnet50MethodNumbers) => (v.intensitySpearmanN !== null && v.intensitySpearmanN < v.images ? ` (n = ${v.intensitySpearmanN} of ${v.images})` : '');
    return [
      `model ${s.model}, preprocessing ${s.preset} (zero point ${s.zeroPoint.map((v) => v.toFixed(3)).join(', ')})`,
      ...(s.kerasGraph ? [`  ${kerasGraphLine(s.kerasGraph, s.pooledSide)}`] : []),
      ...s.top1.slice(0, 8).map((t) => `  ${t.image}: top-1 ${t.class}${t.name ? ` ${t.name}` : ''} (${(100 * t.probability).toFixed(1)}%)`),
      `distance bins: ${binRuleText(s.bins.length, s.minBinCount)}; elements per bin ${s.binCounts.join(' ')}`,
      ...Object.entries(s.metrics).map(([m, v]) => `${m.padEnd(22)} zero-point suppression ${f(v.zeroPointSuppression, 3)}  lowest bin ${f(v.lowestBin, 2)}  Spearman ρ ${f(v.intensitySpearman, 3)}${spearmanN(v)}`),
      ...s.notHonoured.map((l) => `note: ${l}`),
      `report: ${s.report}`,
    ];
  },
};
