/**
 * The suppressed-point sweep (issue 9, METHODS.md pitfall 3) of a trained black-box run: RectGrad and
 * No-Bias RectGrad maps of the run's test images with a box, binned by raw input value, under the run's
 * own preprocessing and under any extra preset fed to the same model. RectGrad's weakest bin should sit
 * at each preset's zero point (black for [0, 1], mid-grey for x − 0.5); No-Bias RectGrad should not dip
 * there. The result goes to runs/<id>/sweep.json and into the run's report.
 */
import { PREPROCESSING_IDS, type PreprocessingId } from '../../../../shared/preprocessing.ts';
import { binRuleText } from '../../../../shared/binning.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import { withRemedy } from '../../../../shared/remedy.ts';
import { type RunManifest, type TrainPreprocessing, runPreprocessing } from '../../../../shared/run.ts';
import { type SweepExperimentConfig, SweepExperimentConfigSchema, SweepViewParams } from '../../../../shared/experiments/sweep.ts';
import { SWEEP_EVIDENCE_TEXT, SWEEP_METHODS, type SweepEvidence, type SweepFile, type SweepMethod, type SweepPanel } from '../../../../shared/sweep.ts';
import { sweepSection } from './report-section.ts';
import { type ExperimentDefinition, type KindViews, stageReporter, view } from '../experiment-definition.ts';
import { SALIENCY_OPTIONS_NOT_FLAGS, fieldsUnder, flagsFromSchema } from '../flags-from-schema.ts';
import { readSweepFile, writeSweepFile } from './sweep-file.ts';
import { sweepView } from './views.ts';

/** `--presets caffe,torch` or `--presets all`. */
function readPresets(text: string): string[] {
  const list = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return list.length === 1 && list[0] === 'all' ? [...PREPROCESSING_IDS] : list;
}

type Num = number | null;
const r4 = (v: Num): Num => (v === null || !Number.isFinite(v) ? null : +v.toPrecision(4));

/** One panel as the `--json` line prints it (4 significant digits). */
export interface SweepPanelSummary {
  preset: PreprocessingId;
  /** True for the preset the model was trained on. */
  own: boolean;
  /** `measurement` (own preset) or `illustration` (x ⊙ R under a preprocessing the model never saw). */
  evidence: SweepEvidence;
  zeroPoint: number;
  zeroPointBin: number;
  /** Where RectGrad's relative level is lowest against No-Bias RectGrad's. */
  suppressedBin: Num;
  bins: number[];
  /** The B + 1 bin edges, elements per bin, and the count a bin needs to take part in "lowest". */
  binEdges: number[];
  binCounts: number[];
  minBinCount: number;
  methods: Record<SweepMethod, { meanAbsS: Num[]; lowestBin: Num; relative: Num[] }>;
}

export interface SweepSummary extends SweepPanelSummary {
  runId: string;
  experiment: 'sweep';
  preprocessing: TrainPreprocessing;
  images: number;
  file: string;
  /** One panel per extra preset asked for, fed to the same model (trained on `preprocessing`). */
  presets?: Record<string, SweepPanelSummary>;
}

function panelSummary(p: SweepPanel): SweepPanelSummary {
  return {
    preset: p.preset,
    own: p.own,
    evidence: p.evidence,
    zeroPoint: r4(p.zeroPoint) as number,
    zeroPointBin: r4(p.zeroPointBin) as number,
    suppressedBin: r4(p.suppressedBin),
    bins: p.bins.map((b) => r4(b) as number),
    binEdges: p.binEdges.map((b) => r4(b) as number),
    binCounts: p.counts,
    minBinCount: p.minBinCount,
    methods: Object.fromEntries(
      SWEEP_METHODS.map((m) => {
        const n = p.methods[m];
        return [m, { meanAbsS: n.meanAbsS.map(r4), lowestBin: r4(n.lowestBin), relative: n.relative.map(r4) }];
      }),
    ) as SweepPanelSummary['methods'],
  };
}

const STAGES = ['sweep', 'report'] as const;

export const sweepExperiment: ExperimentDefinition<SweepExperimentConfig, SweepSummary> = {
  info: {
    kind: 'sweep',
    title: 'Suppressed-point sweep',
    summary: "Where RectGrad's map goes blind, by input value and preprocessing: its zero point (black for [0, 1] inputs, mid-grey for x − 0.5), where No-Bias RectGrad does not dip.",
    stages: STAGES,
  },
  schema: SweepExperimentConfigSchema,
  quickPreset: { limit: 20 },
  flags: flagsFromSchema(SweepExperimentConfigSchema, {
    flags: { presets: { paths: ['presets'], read: readPresets, arg: 'unit,paper,caffe,torch,minus1to1|all' } },
    omit: fieldsUnder('options', SALIENCY_OPTIONS_NOT_FLAGS),
  }),

  async run(host, config, hooks) {
    const stage = stageReporter(this.info, hooks);
    const log = hooks.log ?? (() => {});
    const run = await host.workspace.readRun(config.run);
    if (run.config.model !== 'blackbox-cnn') throw new LabError('bad-input', `--run: run "${run.id}" trained a ${run.config.model}, not the black-box classifier the sweep explains`);
    if (run.checkpointEpoch < 1) throw new LabError('bad-input', `--run: run "${run.id}" has no trained checkpoint yet (status ${run.status})`);
    const preprocessing = runPreprocessing(run.config);
    const { testFraction, seed } = run.config;
    const lock = await host.workspace.lockRun(run.id, 'sweeping');
    try {
      const dataset = await host.workspace.readDataset(run.datasetId);
      stage.stage(0);
      const result = unwrap(
        await host.callWorker(
          'sweep',
          {
            datasetDir: host.workspace.datasetDir(dataset.id),
            datasetSize: dataset.size,
            runDir: host.workspace.runDir(run.id),
            testFraction,
            seed,
            preprocessing,
            presets: config.presets,
            bins: config.bins,
            minBinCount: config.minBinCount,
            limit: config.limit,
            options: config.options,
          },
          { signal: hooks.signal, onEvent: (e) => stage.update(e.done, e.total) },
        ),
      );
      const file: SweepFile = {
        runId: run.id,
        preprocessing,
        binCount: config.bins,
        minBinCount: config.minBinCount,
        options: config.options,
        backend: unwrap(await host.engineInfo()),
        createdAt: new Date().toISOString(),
        ...result,
      };
      const path = await writeSweepFile(host.workspace.runDir(run.id), file);
      log(`sweep of ${result.indices.length} test images with a box: ${path}`);
    } finally {
      await lock.releaseAsync();
    }
    stage.stage(1);
    // The report needs the run's maps; a run without them keeps its sweep.json for the app.
    if (Object.keys(run.metrics ?? {}).length > 0) {
      const report = await host.writeReport(run.id);
      if (!report.ok) log(`report not rewritten: ${report.error.message}`);
    }
    stage.update(1, 1);
    return await host.workspace.readRun(run.id);
  },

  async summarize(host, run: RunManifest) {
    const runDir = host.workspace.runDir(run.id);
    const file = await readSweepFile(runDir);
    if (file === null) throw new LabError('not-found', `run "${run.id}" has no sweep yet`, withRemedy({ command: `saliency-lab experiment sweep --run ${run.id}`, inApp: "run it on the Zero point view's Sweep tab" }));
    const [own, ...others] = file.panels;
    return {
      runId: run.id,
      experiment: 'sweep',
      preprocessing: file.preprocessing,
      images: file.indices.length,
      file: `${runDir}/sweep.json`,
      ...panelSummary(own),
      ...(others.length > 0 ? { presets: Object.fromEntries(others.map((p) => [p.preset, panelSummary(p)])) } : {}),
    };
  },

  /** The sweep belongs to a black-box run: its panels go into that run's report. */
  reportSection: async (host, run) => await sweepSection(host.workspace.runDir(run.id)),

  /** What the app's sweep panel reads (params: src/shared/experiments/sweep.ts). */
  views: {
    result: view(SweepViewParams.result, async (host, { runId }) => await sweepView(host, runId)),
  } satisfies KindViews<'sweep'>,

  describe(s) {
    const f = (v: Num, d = 3) => (v === null ? '–' : v.toFixed(d));
    const panel = (p: SweepPanelSummary) => {
      const rect = p.methods.rectgrad;
      const nobias = p.methods['nobias-rectgrad'];
      const at = p.bins.findIndex((b) => b === rect.lowestBin);
      return [
        `${p.preset} — ${p.own ? `${SWEEP_EVIDENCE_TEXT.measurement} (${s.preprocessing})` : SWEEP_EVIDENCE_TEXT[p.evidence]}: zero point ${f(p.zeroPoint)} (bin ${f(p.zeroPointBin, 2)})`,
        `  rectgrad lowest |S| at ${f(rect.lowestBin, 2)} (${f(rect.relative[at] ?? null, 3)} × its mean); nobias-rectgrad there ${f(nobias.relative[at] ?? null, 3)} × its mean, lowest at ${f(nobias.lowestBin, 2)}; suppressed band ${f(p.suppressedBin, 2)}`,
      ];
    };
    return [
      `${s.images} test images with a box; ${binRuleText(s.bins.length, s.minBinCount)}; centres ${s.bins.map((b) => f(b, 2)).join(' ')}`,
      `elements per bin ${s.binCounts.join(' ')}`,
      ...panel(s),
      ...Object.values(s.presets ?? {}).flatMap((p) => panel(p)),
      `sweep: ${s.file}`,
    ];
  },
};
