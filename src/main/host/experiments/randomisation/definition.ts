/**
 * Model randomisation sanity checks (issue 18, analysis 1; Adebayo et al. 2018) of a trained black-box
 * run: one worker job per step (plan.ts), each re-initialising the step's layers of the run's checkpoint
 * and comparing the maps with the trained model's; then one row per mode, step and method, the seeds and
 * initialisers that drew each layer, a small gallery of maps along the cascade, and the report section.
 */
import {
  type MethodSimilarity,
  type RandomisationConfig,
  RandomisationConfigSchema,
  type RandomisationDetail,
  type RandomisationMode,
  type RandomisationRow,
  type ReinitialisedWeight,
  TRAINED_LAYER,
} from '../../../../shared/experiments/randomisation.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import { type RunManifest, isClassifierConfig } from '../../../../shared/run.ts';
import { analysisDefinition } from '../analysis-definition.ts';
import { SALIENCY_OPTIONS_NOT_FLAGS, fieldsUnder, flagsFromSchema } from '../flags-from-schema.ts';
import { type ChildRunSpec, childTrainOptions, recordedChildRun, trainChildRun } from '../child-runs.ts';
import { recordedTrainingSeconds, remainingTrainingSeconds } from '../blackbox/training-time.ts';
import { requireTrainedBlackboxRun, runImagesJob } from '../blackbox/trained-run.ts';
import { LABELS_STEP_KEY, randomisationPlan } from './plan.ts';
import { randomisationNotes } from './notes.ts';
import { randomisationSection } from './report-section.ts';

type Gallery = NonNullable<RandomisationDetail['gallery']>;

/** What a step keeps (it must survive JSON for a resume: the gallery's arrays as base64). */
export interface RandomisationStepOutcome {
  randomise: string[];
  images: number;
  methods: MethodSimilarity[];
  reinitialised: ReinitialisedWeight[];
  gallery: { side: number; factor: number; inputs: Gallery['inputs']; maps: Gallery['steps'][number]['maps'] } | null;
  notHonoured: string[];
  /** Data randomisation: the model trained on shuffled labels. */
  labelsRun?: { runId: string; testAccuracy: number | null };
}

/** Data randomisation's child: the run's recipe on shuffled training labels (same data, seed, split). */
function labelsChild(run: RunManifest): ChildRunSpec {
  if (!isClassifierConfig(run.config)) throw new LabError('bad-input', `run "${run.id}" is not a black-box classifier run`);
  return { kind: 'randomisation', key: LABELS_STEP_KEY, label: 'data randomisation', name: `shuffled labels of ${run.id}`, options: childTrainOptions(run.config, { shuffledLabels: true }) };
}

const base64 = (a: Float32Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** `--top-k box` or a percentage of the pixels; the schema checks the range. */
function readTopK(text: string): string | number {
  const t = text.trim();
  if (t === 'box') return t;
  const v = Number(t.replace(/%$/, ''));
  if (t === '' || !Number.isFinite(v)) throw new Error(`expected "box" or a percentage of the pixels in (0, 100], got "${t}"`);
  return v;
}

export const randomisationExperiment = analysisDefinition<RandomisationConfig, RandomisationStepOutcome, RandomisationRow, RandomisationDetail>({
  info: {
    kind: 'randomisation',
    title: 'Model randomisation sanity checks',
    summary: "Re-initialise the trained model's layers, top down (cascading) and one at a time (independent): how similar each method's maps stay to the trained model's (Adebayo et al. 2018).",
  },
  schema: RandomisationConfigSchema,
  quickPreset: { limit: 20 },
  flags: flagsFromSchema(RandomisationConfigSchema, {
    flags: { 'top-k': { paths: ['topK'], read: readTopK, arg: 'box|PERCENT' } },
    omit: fieldsUnder('options', SALIENCY_OPTIONS_NOT_FLAGS.filter((k) => k !== 'timesInput')),
  }),
  check: (_host, run) => requireTrainedBlackboxRun(run, 'the randomisation sanity check re-initialises'),
  steps: async (host, run, config) => (await randomisationPlan(host.workspace.runDir(run.id), config)).steps,

  async expectedSeconds(host, run, _config, steps) {
    if (!steps.some((s) => s.key === LABELS_STEP_KEY) || !isClassifierConfig(run.config)) return null;
    const perRun = await recordedTrainingSeconds(host, run);
    const child = await recordedChildRun(host, run, labelsChild(run));
    return perRun === null || child?.status === 'completed' ? null : remainingTrainingSeconds(perRun, run.config.epochs, child?.checkpointEpoch ?? 0);
  },

  async runStep(host, run, config, step, ctx) {
    const planned = (await randomisationPlan(host.workspace.runDir(run.id), config)).steps.find((s) => s.key === step.key)!;
    // Data randomisation trains its model first (most of the step), then compares as the other steps do.
    const share = planned.shuffledLabels ? 0.9 : 0;
    const labelsRun = planned.shuffledLabels ? await trainChildRun(host, run, labelsChild(run), ctx, (fraction) => ctx.onProgress(share * fraction, 1)) : null;
    const r = unwrap(
      await host.callWorker(
        'randomisationStep',
        {
          ...(await runImagesJob(host, run)),
          methods: config.methods,
          options: config.options,
          limit: config.limit,
          randomise: planned.randomise,
          reinitSeed: config.seed,
          topK: config.topK,
          gallery: planned.gallery,
          ...(labelsRun === null ? {} : { compareRunDir: host.workspace.runDir(labelsRun.id) }),
        },
        { signal: ctx.signal, onEvent: (e) => ctx.onProgress(share + ((1 - share) * e.done) / Math.max(1, e.total), 1) },
      ),
    );
    if (labelsRun !== null) ctx.log(`data randomisation: run ${labelsRun.id} trained on shuffled labels, test accuracy ${(100 * (labelsRun.testAccuracy ?? NaN)).toFixed(1)}% (chance: 50%)`);
    return {
      randomise: planned.randomise,
      images: r.indices.length,
      methods: r.methods,
      reinitialised: r.reinitialised,
      gallery:
        r.gallery === null
          ? null
          : {
              side: r.gallery.side,
              factor: r.gallery.factor,
              inputs: r.gallery.inputs.map((i) => ({ index: i.index, rgb: base64(i.rgb), box: i.box })),
              maps: r.gallery.maps.map((m) => ({ method: m.method, maps: m.maps.map(base64) })),
            },
      notHonoured: r.notHonoured,
      ...(labelsRun === null ? {} : { labelsRun: { runId: labelsRun.id, testAccuracy: labelsRun.testAccuracy } }),
    };
  },

  async finish(host, run, config, results, steps) {
    const plan = await randomisationPlan(host.workspace.runDir(run.id), config);
    const byKey = new Map(steps.map((s, i) => [s.key, results[i]]));
    const at = (mode: RandomisationMode, k: number) => byKey.get(plan.keyOf(mode, k))!;
    const rows: RandomisationRow[] = config.modes.flatMap((mode) =>
      Array.from({ length: plan.lastStep(mode) + 1 }, (_, k) =>
        at(mode, k).methods.map((m) => ({
          analysis: 'randomisation' as const,
          mode,
          step: k,
          layer: plan.layerOf(mode, k),
          method: m.method,
          spearman: m.spearman.median,
          ssim: m.ssim.median,
          topK: m.topK.median,
          n: m.n,
          images: m.images,
        })),
      ).flat(),
    );
    const drawn = results.flatMap((r) => r.reinitialised);
    const layers = plan.topDown.map((name) => ({
      name,
      weights: [...new Map(drawn.filter((w) => w.weight.startsWith(`${name}/`)).map((w) => [w.weight, w])).values()],
    }));
    const trained = at('cascading', 0);
    const galleryStepCount = config.modes.includes('cascading') ? plan.topDown.length + 1 : 1;
    const gallery: RandomisationDetail['gallery'] =
      trained.gallery === null
        ? null
        : {
            side: trained.gallery.side,
            factor: trained.gallery.factor,
            inputs: trained.gallery.inputs,
            steps: Array.from({ length: galleryStepCount }, (_, k) => ({ step: k, layer: k === 0 ? TRAINED_LAYER : plan.topDown[k - 1], maps: at('cascading', k).gallery?.maps ?? [] })),
          };
    return {
      rows,
      detail: { layers, topK: config.topK, gallery },
      notes: [
        ...randomisationNotes({ rows, topDown: plan.topDown, modes: config.modes, at, lastStep: plan.lastStep, layerOf: plan.layerOf, notHonoured: results.flatMap((r) => r.notHonoured) }),
        ...results.flatMap((r) => (r.labelsRun === undefined ? [] : [`data randomisation: run ${r.labelsRun.runId}, the recipe on shuffled training labels, test accuracy ${r.labelsRun.testAccuracy === null ? '–' : `${(100 * r.labelsRun.testAccuracy).toFixed(1)}%`} (chance 50%)`])),
      ],
    };
  },

  reportSection: (file) => randomisationSection(file),

  describeRow: (r) => {
    const v = (x: number | null) => (x === null ? '–' : x.toFixed(3));
    return `${r.mode.padEnd(11)} step ${r.step} (${r.layer})`.padEnd(36) + ` ${r.method.padEnd(16)} spearman ${v(r.spearman)}  ssim ${v(r.ssim)}  top-k ${v(r.topK)}  (n = ${r.n} of ${r.images})`;
  },
});
