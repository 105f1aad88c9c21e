/**
 * Experiment 1 (METHODS.md, paper Fig. 1): black boxes pasted on natural images. Dataset → training →
 * maps of the "box" logit → metrics → report, each stage a worker job run through the host (HostContext).
 */
import { blackboxExpectedSeconds, blackboxExpectedStageSeconds } from './expected-duration.ts';
import { flagPathExists } from '../flag-paths.ts';
import { exists } from '../../workspace-check.ts';
import { join } from 'node:path';
import type { DatasetSource } from '../../../../shared/dataset.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import { resumeRemedy, withRemedy } from '../../../../shared/remedy.ts';
import type { RunManifest } from '../../../../shared/run.ts';
import { type BlackboxExperimentConfig, BlackboxExperimentConfigSchema, BlackboxViewParams } from '../../../../shared/experiments/blackbox.ts';
import type { PairedComparison } from '../../../../shared/analysis.ts';
import { pairedTestText } from '../../../../shared/paired-test.ts';
import { datasetUnits, mapsUnits, trainingUnits } from '../../../../shared/progress.ts';
import { readBoxComparisons } from '../../maps-files.ts';
import { blackboxReport } from './report.ts';
import { type ExperimentDefinition, type ExperimentHooks, type KindJobs, type KindViews, stageReporter, view } from '../experiment-definition.ts';
import { SALIENCY_OPTIONS_NOT_FLAGS, fieldsUnder, flagsFromSchema } from '../flags-from-schema.ts';
import { blackboxJobs } from './jobs.ts';
import { runDetail } from './run-detail.ts';
import { saliencyCards } from './saliency-card.ts';
import { snapshotIndex, snapshotView } from './snapshot-views.ts';
import { mapView } from './map-view.ts';
import { explainView } from './explain-view.ts';
import type { HostContext } from '../../host-context.ts';
import { computeRunMaps } from './run-maps.ts';
import { createBlackboxDataset } from './dataset.ts';

/** `--source generated | imagenette | ARCHIVE.tgz | FOLDER`. */
function readSource(text: string): DatasetSource {
  if (text === 'generated') return { kind: 'generated' };
  if (text === 'imagenette') return { kind: 'imagenette' };
  if (!flagPathExists(text)) throw new LabError('bad-input', `${text}: not found (use generated, imagenette or a folder / .tgz path)`);
  return /\.(tgz|tar\.gz)$/i.test(text) ? { kind: 'imagenette', archive: text } : { kind: 'folder', path: text };
}

export interface BlackboxMethodNumbers {
  boxMassShare: number;
  enrichment: number;
  zeroFractionInBox: number;
  /** Hit rate (mean of per-image 0/1 hits, tied maxima sharing the credit) over n.pointingGame images: not a median. */
  pointingGame: number;
  auroc: number;
  /** Integrated Gradients only: median of Σ attribution − (f(x) − f(x₀)) per map, logit units (issue 15). */
  completenessGap?: number;
  /** Images explained; each number above is over the images where its metric is defined (`n`). */
  images: number;
  n: { boxMassShare: number; enrichment: number; zeroFractionInBox: number; pointingGame: number; auroc: number; completenessGap?: number };
}

export interface BlackboxSummary {
  runId: string;
  runDir: string;
  testAccuracy: number | null;
  backend: string | undefined;
  report: string;
  metrics: Record<string, BlackboxMethodNumbers>;
  /** Paired tests of box mass share (No-Bias vs RectGrad): with p null and a `reason` where there is no test. */
  comparisons: PairedComparison[];
}

const STAGES = ['dataset', 'training', 'maps', 'report'] as const;

export const blackboxExperiment: ExperimentDefinition<BlackboxExperimentConfig, BlackboxSummary> & { jobs: KindJobs<'blackbox'> } = {
  info: {
    kind: 'blackbox',
    title: 'Black boxes on natural images',
    summary: 'A classifier detects black squares; RectGrad cannot see them (its map is exactly 0 there), No-Bias RectGrad can (paper Fig. 1).',
    stages: STAGES,
  },
  schema: BlackboxExperimentConfigSchema,
  quickPreset: {
    dataset: { size: 32, count: 600 },
    train: { epochs: 8 },
    maps: { limit: 40, methods: ['rectgrad', 'nobias-rectgrad', 'gradient', 'guided-backprop'] },
  },
  flags: flagsFromSchema(BlackboxExperimentConfigSchema, {
    flags: {
      source: { paths: ['dataset.source'], read: readSource, arg: 'generated|imagenette|PATH' },
      url: 'dataset.source.url',
      seed: { paths: ['dataset.seed', 'train.seed'] },
      batch: 'train.batchSize',
      lr: 'train.learningRate',
      validation: 'train.validationFraction',
    },
    omit: ['dataset.boxMinFraction', 'dataset.boxMaxFraction', ...fieldsUnder('train', ['model', 'testFraction', 'backend', 'shuffledLabels']), ...fieldsUnder('maps.options', SALIENCY_OPTIONS_NOT_FLAGS)],
  }),

  expectedSeconds: (config) => blackboxExpectedSeconds(config),
  expectedStageSeconds: (config) => blackboxExpectedStageSeconds(config),

  async run(host, config, hooks) {
    const stage = stageReporter(this.info, hooks, blackboxExpectedStageSeconds(config));
    const log = hooks.log ?? (() => {});
    stage.stage(0);
    const dataset = unwrap(await createBlackboxDataset(host, config.dataset, { signal: hooks.signal, onProgress: (e) => stage.update(e.done, e.total, undefined, datasetUnits(e.stage)) }));
    log(`dataset ${dataset.id}: ${dataset.count} images ${dataset.size}px (${dataset.counts.skipped} skipped)`);
    stage.stage(1);
    const epochs = config.train.epochs;
    let runId = '';
    const trained = await host.train(
      { datasetId: dataset.id, kind: 'experiment', name: `black box (${dataset.name})`, config: config.train },
      {
        signal: hooks.signal,
        onRunCreated: async (id) => {
          runId = id;
          await host.workspace.updateRun(id, { experiment: 'blackbox', experimentConfig: config });
          await hooks.onRunCreated?.(id);
        },
        onProgress: (e) => {
          hooks.onTrainEvent?.(runId, e);
          if (e.type === 'batch') stage.update((e.epoch - 1) * e.batches + e.batch, epochs * e.batches, e.etaSeconds, trainingUnits(e.epoch, epochs));
        },
      },
    );
    if (!trained.ok && trained.error.kind === 'cancelled') {
      throw new LabError('cancelled', trained.error.message, runId ? withRemedy(resumeRemedy(runId), trained.error.details) : trained.error.details);
    }
    const run = unwrap(trained);
    log(`trained: test accuracy ${(100 * (run.testAccuracy ?? NaN)).toFixed(2)}% (${run.backend?.name})`);
    return afterTraining(host, run, config, hooks, stage);
  },

  async resume(host, run, config, hooks) {
    const stage = stageReporter(this.info, hooks, blackboxExpectedStageSeconds(config));
    if (!(run.stagesDone ?? []).includes('training')) {
      stage.stage(1);
      const epochs = config.train.epochs;
      const trained = await host.train(
        { resumeRunId: run.id },
        {
          signal: hooks.signal,
          onProgress: (e) => {
            hooks.onTrainEvent?.(run.id, e);
            if (e.type === 'batch') stage.update((e.epoch - 1) * e.batches + e.batch, epochs * e.batches, e.etaSeconds, trainingUnits(e.epoch, epochs));
          },
        },
      );
      if (!trained.ok && trained.error.kind === 'cancelled') throw new LabError('cancelled', trained.error.message, withRemedy(resumeRemedy(run.id), trained.error.details));
      run = unwrap(trained);
    }
    return afterTraining(host, run, config, hooks, stage);
  },

  legacyStagesDone: async (host, run) => [
    'dataset',
    ...(run.testAccuracy !== null ? ['training'] : []),
    ...(run.metrics !== undefined ? ['maps'] : []),
    ...((await exists(join(host.workspace.runDir(run.id), 'report', 'report.html'))) ? ['report'] : []),
  ],

  async summarize(host, run: RunManifest) {
    const runDir = host.workspace.runDir(run.id);
    const metrics = Object.fromEntries(
      Object.entries(run.metrics ?? {}).map(([method, s]) => [
        method,
        {
          boxMassShare: s.boxMassShare.median,
          enrichment: s.enrichment.median,
          zeroFractionInBox: s.zeroFractionInBox.median,
          pointingGame: s.pointingGame,
          auroc: s.auroc.median,
          ...(s.completenessGap === undefined ? {} : { completenessGap: s.completenessGap.median }),
          images: s.images,
          n: {
            boxMassShare: s.boxMassShare.n,
            enrichment: s.enrichment.n,
            zeroFractionInBox: s.zeroFractionInBox.n,
            // Runs stored before issue 15 averaged over every image.
            pointingGame: s.pointingGameN ?? s.images,
            auroc: s.auroc.n,
            ...(s.completenessGap === undefined ? {} : { completenessGap: s.completenessGap.n }),
          },
        },
      ]),
    );
    // The black-box contract of `experiment blackbox --json` predates kinds: it names none (README).
    return { runId: run.id, runDir, testAccuracy: run.testAccuracy, backend: run.backend?.name, report: join(runDir, 'report', 'report.html'), metrics, comparisons: await readBoxComparisons(runDir) };
  },

  report: (host, runId) => blackboxReport(host.workspace, runId),

  /** What the app's black-box views read (params: src/shared/experiments/blackbox.ts). */
  jobs: blackboxJobs,

  views: {
    run: view(BlackboxViewParams.run, (host, { runId }) => runDetail(host, runId)),
    /** The run's Saliency Cards (issue 19), shown next to its maps. */
    cards: view(BlackboxViewParams.cards, async (host, { runId }) => saliencyCards(host.workspace, await host.workspace.readRun(runId))),
    /** The per-epoch snapshots' index (null when the run took none), and one epoch's maps (issue 18). */
    snapshots: view(BlackboxViewParams.snapshots, async (host, { runId }) => snapshotIndex(host, runId)),
    map: view(BlackboxViewParams.map, (host, params) => mapView(host, params)),
    snapshot: view(BlackboxViewParams.snapshot, async (host, { runId, epoch }) => snapshotView(host, runId, epoch)),
    /** Any one image of the run's dataset explained now, not stored (issue 21, the gallery's "Explain this"). */
    explain: view(BlackboxViewParams.explain, (host, params) => explainView(host, params)),
  } satisfies KindViews<'blackbox'>,

  describe(s) {
    const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '–');
    return [
      ...Object.entries(s.metrics).map(
        ([m, v]) =>
          `${m.padEnd(22)} images ${v.images}  box share ${f(v.boxMassShare, 3)}${v.n.boxMassShare === v.images ? '' : ` (n = ${v.n.boxMassShare})`}  enrichment ${f(v.enrichment, 2)}  zeros in box ${f(v.zeroFractionInBox, 3)}  pointing hit rate ${f(v.pointingGame, 2)} (n = ${v.n.pointingGame})  AUROC ${f(v.auroc, 3)}${v.completenessGap === undefined ? '' : `  completeness gap ${f(v.completenessGap, 4)}`}`,
      ),
      ...s.comparisons.map((c) => `Wilcoxon, box mass share, ${c.a} vs ${c.b}: ${pairedTestText(c, 'box mass share')}`),
      `report: ${s.report}`,
    ];
  },
};

/** The stages after training (maps, report), each skipped when the run already finished it. */
async function afterTraining(host: HostContext, run: RunManifest, config: BlackboxExperimentConfig, hooks: ExperimentHooks, stage: ReturnType<typeof stageReporter>): Promise<RunManifest> {
  const done = async () => (await host.workspace.readRun(run.id)).stagesDone ?? [];
  // Running again from here (a resumed run was interrupted, cancelled or failed): a failure is recorded.
  if ((await host.workspace.readRun(run.id)).status !== 'running') await host.workspace.updateRun(run.id, { status: 'running', error: undefined });
  if (!(await done()).includes('maps')) {
    stage.stage(2);
    unwrap(await computeRunMaps(host, run.id, config.maps, { signal: hooks.signal, onProgress: (e) => stage.update(e.done, e.total, undefined, mapsUnits(e.stage)) }));
    await host.finishStage(run.id, 'maps', STAGES);
  }
  stage.stage(3);
  unwrap(await host.writeReport(run.id));
  stage.update(1, 1);
  return await host.finishStage(run.id, 'report', STAGES);
}
