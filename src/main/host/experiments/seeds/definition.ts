/**
 * Seeds (issue 18, analysis 5) of a black-box experiment run: one step per seed. The seed the run was
 * made with is the run itself (its maps recomputed with its recorded maps config, so every seed is
 * explained the same way whatever was added to the run since); every other seed runs the run's recorded
 * experiment config again with dataset.seed and train.seed set to it (host.runExperiment: dataset,
 * training, maps, report; a run of its own), recorded in runs/<id>/analyses/seeds.children.json as soon
 * as it exists, so a kill resumes it (host.resumeExperiment) instead of starting over. Then, per method
 * and metric, the mean of the per-seed medians with a t interval and a percentile bootstrap, and the
 * paired difference No-Bias RectGrad − RectGrad with its paired t-test.
 */
import { type MetricMedian, RECTGRAD_PAIR, metricMedians } from '../../../../shared/experiments/analysis-common.ts';
import { type BlackboxExperimentConfig, BlackboxExperimentConfigSchema } from '../../../../shared/experiments/blackbox.ts';
import {
  SEEDS_LEVEL,
  type SeedRun,
  type SeedsConfig,
  SeedsConfigSchema,
  type SeedsDetail,
  type SeedsRow,
  isComparisonRow,
} from '../../../../shared/experiments/seeds.ts';
import { formatP } from '../../../../shared/paired-test.ts';
import { check } from '../../../../shared/schemas/check.ts';
import { dottedPath } from '../../../../shared/schemas/check.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import { withRemedy } from '../../../../shared/remedy.ts';
import { type RunManifest, runValidationFraction } from '../../../../shared/run.ts';
import type { ExperimentProgress } from '../../../../shared/experiments/index.ts';
import { type AnalysisStep, type StepContext, analysisDefinition } from '../analysis-definition.ts';
import { flagsFromSchema } from '../flags-from-schema.ts';
import { requireTrainedBlackboxRun, runMapsJob } from '../blackbox/trained-run.ts';
import { recordedTrainingSeconds, remainingTrainingSeconds } from '../blackbox/training-time.ts';
import { adoptChildRun, readChildRuns } from '../child-runs.ts';
import { stableJson } from '../../../../shared/stable-json.ts';
import type { HostContext } from '../../host-context.ts';
import { SEEDS_COMPARISON, seedsRows } from './seeds-rows.ts';
import { seedsSection } from './seeds-section.ts';

const KIND = 'seeds';

/** `--seeds 1,2,3`. */
function readSeeds(text: string): number[] {
  return text.split(',').map((s) => {
    const v = Number(s.trim());
    if (s.trim() === '' || !Number.isInteger(v)) throw new Error(`expected comma-separated integer seeds, got "${s.trim()}"`);
    return v;
  });
}

interface SeedStep {
  run: SeedRun;
  methods: Array<{ method: string; medians: MetricMedian[] }>;
}

/** The run's recorded experiment config, parsed as the black-box kind parses it; throws `--run: …` when it has none. */
function recordedConfig(run: RunManifest): BlackboxExperimentConfig {
  if ((run.experiment ?? 'blackbox') !== 'blackbox' || run.experimentConfig === undefined) {
    throw new LabError('bad-input', `--run: run "${run.id}" was not made by the black-box experiment, so it has no experiment config to run with other seeds`, withRemedy({ command: 'saliency-lab experiment blackbox makes one', inApp: 'the Experiments view\'s black-box experiment makes one' }));
  }
  const checked = check(BlackboxExperimentConfigSchema, run.experimentConfig);
  if (!checked.ok) throw new LabError('bad-input', `--run: run "${run.id}": its recorded experiment config no longer parses (${dottedPath(checked.path)}: ${checked.problem})`);
  // A run recorded before validation splits trained on its whole training split: its seeds do the same.
  return { ...checked.value, train: { ...checked.value.train, validationFraction: runValidationFraction(run.config as { validationFraction?: number }) } };
}

/** The seed the run stands for: its data and its training drew with the same seed; null when they did not. */
function ownSeed(config: BlackboxExperimentConfig): number | null {
  return config.dataset.seed === config.train.seed ? config.train.seed : null;
}

/** The run's experiment with `seed` for the dataset draw and the training (initialisation, batch order, split). */
function seedConfig(config: BlackboxExperimentConfig, seed: number): BlackboxExperimentConfig {
  return { ...config, dataset: { ...config.dataset, seed }, train: { ...config.train, seed } };
}

const seedOf = (step: AnalysisStep) => Number(step.key.slice('seed='.length));

/** The seed's recorded run if it is still there and ran the config this seed asks for; null when a new one is needed. */
async function recordedSeedRun(host: HostContext, run: RunManifest, config: BlackboxExperimentConfig, seed: number, log?: (line: string) => void): Promise<RunManifest | null> {
  const id = (await readChildRuns(host.workspace.runDir(run.id), KIND))[String(seed)];
  if (id === undefined) return null;
  let child: RunManifest;
  try {
    child = await host.workspace.readRun(id);
  } catch {
    log?.(`seed ${seed}: its recorded run ${id} is gone; running the experiment again`);
    return null;
  }
  const want = check(BlackboxExperimentConfigSchema, seedConfig(config, seed));
  if (child.experiment !== 'blackbox' || child.broken !== undefined || !want.ok || stableJson(child.experimentConfig) !== stableJson(want.value)) {
    log?.(`seed ${seed}: its recorded run ${id} ran another config; running the experiment again (${id} is left as it is)`);
    return null;
  }
  return child;
}

/** The seed's experiment run, finished: the recorded one resumed (or used as it is), else a new one. */
async function seedRun(host: HostContext, run: RunManifest, config: BlackboxExperimentConfig, seed: number, ctx: StepContext): Promise<RunManifest> {
  const existing = await recordedSeedRun(host, run, config, seed, ctx.log);
  const hooks = {
    signal: ctx.signal,
    // The seed in front, after a `note: ` (which must stay first to reach a --json run's stderr).
    log: (line: string) => ctx.log(line.startsWith('note: ') ? `note: seed ${seed}: ${line.slice(6)}` : `seed ${seed}: ${line}`),
    onProgress: (p: ExperimentProgress) => ctx.onProgress(p.stageIndex + (p.total > 0 ? Math.min(p.done / p.total, 1) : 0), p.stageCount),
  };
  let childId = existing?.id ?? '';
  let r;
  if (existing !== null) {
    // A note (stderr under --json too): a script's log must show that a run was reused, not made here.
    ctx.log(
      existing.status === 'completed'
        ? `note: seed ${seed}: run ${existing.id} finished before; reusing it`
        : `note: seed ${seed}: resuming run ${existing.id} (${existing.status}, ${existing.checkpointEpoch} of ${config.train.epochs} epochs trained)`,
    );
    r = await host.resumeExperiment(existing.id, hooks);
  } else {
    ctx.log(`seed ${seed}: running the black-box experiment with dataset and training seed ${seed}`);
    r = await host.runExperiment('blackbox', seedConfig(config, seed), {
      ...hooks,
      onRunCreated: async (id) => {
        childId = id;
        // At once, before its first batch: a kill from here on resumes this run.
        await adoptChildRun(host, run.id, KIND, String(seed), id);
      },
    });
  }
  if (!r.ok && r.error.kind === 'cancelled') throw new LabError('cancelled', `${r.error.message} (seed ${seed}, run ${childId}: the same command resumes it)`, r.error.details);
  return unwrap(r).run;
}

export const seedsExperiment = analysisDefinition<SeedsConfig, SeedStep, SeedsRow, SeedsDetail>({
  info: {
    kind: KIND,
    title: 'Seeds (confidence intervals)',
    summary: "The run's whole experiment again with other seeds: each metric's mean over seeds with a 95 % t interval, the per-seed points, and a paired t-test of No-Bias RectGrad against RectGrad.",
  },
  schema: SeedsConfigSchema,
  // The experiment is the run's own recipe (a quick run's seeds are quick runs): only the bootstrap is cut.
  quickPreset: { resamples: 2000 },
  flags: flagsFromSchema(SeedsConfigSchema, { flags: { seeds: { paths: ['seeds'], read: readSeeds, arg: 'S,S,…' } } }),
  check(_host, run) {
    requireTrainedBlackboxRun(run, 'the seeds analysis');
    recordedConfig(run);
  },
  steps: (_host, _run, config) => config.seeds.map((seed) => ({ key: `seed=${seed}`, label: `seed ${seed}` })),

  async expectedSeconds(host, run, _config, steps) {
    const perRun = await recordedTrainingSeconds(host, run);
    if (perRun === null) return null;
    const config = recordedConfig(run);
    const own = ownSeed(config);
    // Training is what takes the time: each new seed's dataset and maps are not on the run's record.
    const children = await Promise.all(
      steps
        .map(seedOf)
        .filter((seed) => seed !== own)
        .map((seed) => recordedSeedRun(host, run, config, seed)),
    );
    const toTrain = children.filter((child) => child?.status !== 'completed');
    // Nothing to train (the run's own seed, finished seeds): no estimate to give.
    return toTrain.length === 0 ? null : toTrain.reduce((sum, child) => sum + remainingTrainingSeconds(perRun, config.train.epochs, child?.checkpointEpoch ?? 0), 0);
  },

  async runStep(host, run, _config, step, ctx) {
    const seed = seedOf(step);
    const config = recordedConfig(run);
    if (seed === ownSeed(config)) {
      const result = unwrap(
        await host.callWorker('computeMaps', await runMapsJob(host, run, { methods: config.maps.methods, options: config.maps.options, limit: config.maps.limit }), {
          signal: ctx.signal,
          onEvent: (e) => ctx.onProgress(e.done, e.total),
        }),
      );
      return {
        run: { seed, runId: run.id, reused: true, testAccuracy: run.testAccuracy, images: result.indices.length },
        methods: result.methods.map((m) => ({ method: m.method, medians: metricMedians(m.summary) })),
      };
    }
    const child = await seedRun(host, run, config, seed, ctx);
    const metrics = Object.entries(child.metrics ?? {}).filter(([method]) => config.maps.methods.includes(method as never));
    ctx.log(`seed ${seed}: run ${child.id}, test accuracy ${(100 * (child.testAccuracy ?? NaN)).toFixed(1)}%`);
    return {
      run: { seed, runId: child.id, reused: false, testAccuracy: child.testAccuracy, images: Math.max(0, ...metrics.map(([, s]) => s.images)) },
      methods: metrics.map(([method, summary]) => ({ method, medians: metricMedians(summary) })),
    };
  },

  finish(_host, run, config, results) {
    const seeds = results.map((r) => r.run.seed);
    const rows = seedsRows(results.map((r) => ({ seed: r.run.seed, methods: r.methods })), config);
    const methods = [...new Set(results.flatMap((r) => r.methods.map((m) => m.method)))];
    const paired = RECTGRAD_PAIR.every((m) => methods.includes(m));
    const own = ownSeed(recordedConfig(run));
    const notes = [
      ...results.map((r) => `seed ${r.run.seed}: ${r.run.reused ? 'the run itself' : `run ${r.run.runId}`}, test accuracy ${r.run.testAccuracy === null ? '–' : `${(100 * r.run.testAccuracy).toFixed(1)}%`}, ${r.run.images} images explained`),
      ...(own === null ? [`the run drew its data and trained with different seeds, so it stands for none of them: every seed ran anew`] : []),
      ...(own !== null && !seeds.includes(own) ? [`the run's own seed (${own}) is not among --seeds, so the run itself is not in these numbers`] : []),
      ...(seeds.length < 2 ? [`${seeds.length} seed: no interval and no test (they need at least 2 seeds)`] : []),
      ...(paired ? [] : [`the run's maps do not include both ${RECTGRAD_PAIR.join(' and ')}: no paired comparison`]),
      ...(seeds.length >= 2 && seeds.length < 10 ? [`with ${seeds.length} seeds the percentile bootstrap (bootstrap95) has few distinct resamples and runs narrow; ci95 is the Student t interval (${seeds.length - 1} degrees of freedom)`] : []),
    ];
    return { rows, detail: { runs: results.map((r) => r.run), level: SEEDS_LEVEL, resamples: config.resamples, bootstrapSeed: config.bootstrapSeed }, notes };
  },

  reportSection: (file) => seedsSection(file),

  describeRow(r) {
    const ci = r.ci95 === null ? `no interval (${r.note ?? ''})` : `95% t interval [${r.ci95[0].toFixed(3)}, ${r.ci95[1].toFixed(3)}]`;
    const mean = r.mean === null ? '–' : r.mean.toFixed(3);
    return isComparisonRow(r)
      ? `${SEEDS_COMPARISON.padEnd(28)} ${r.metric.padEnd(18)} mean ${mean} ${ci} (n = ${r.n} seeds) ${r.p === null ? `no test (${r.note ?? 'no p-value'})` : `paired t-test ${formatP(r.p)}`}`
      : `${r.method.padEnd(28)} ${r.metric.padEnd(18)} mean ${mean} ${ci} (n = ${r.n} seeds) per seed ${r.values.map((v) => (v === null ? '–' : v.toFixed(3))).join(', ')}`;
  },
});
