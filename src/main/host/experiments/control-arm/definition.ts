/**
 * The control arm (issue 18, analysis 3) of a trained black-box run: one step per arm. The arm whose
 * encoding is the run's own explains the run itself (a maps worker job; nothing of the run rewritten);
 * every other arm trains a child run on the same dataset with the same recipe under its encoding
 * (host.train, recorded at once in runs/<id>/analyses/control-arm.children.json so a kill resumes it from
 * its checkpoint), then computes that child's maps (host.computeMaps: the child keeps them, a run of its
 * own). Rows: each analysis metric of each method under each arm.
 */
import { ANALYSIS_METRICS, type MetricMedian, RECTGRAD_PAIR, metricMedians } from '../../../../shared/experiments/analysis-common.ts';
import {
  CONTROL_ARMS,
  CONTROL_ARM_PREPROCESSING,
  CONTROL_ARM_TEXT,
  type ControlArm,
  type ControlArmConfig,
  ControlArmConfigSchema,
  type ControlArmDetail,
  type ControlArmModel,
  type ControlArmRow,
} from '../../../../shared/experiments/control-arm.ts';
import { methodCurvesOption } from '../../../../shared/chart-options/method-curves.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import { type RunManifest, type TrainConfig, isClassifierConfig, runPreprocessing } from '../../../../shared/run.ts';
import { type AnalysisStep, analysisDefinition } from '../analysis-definition.ts';
import { SALIENCY_OPTIONS_NOT_FLAGS, fieldsUnder, flagsFromSchema } from '../flags-from-schema.ts';
import { requireTrainedBlackboxRun, runMapsJob } from '../blackbox/trained-run.ts';
import { recordedTrainingSeconds, remainingTrainingSeconds } from '../blackbox/training-time.ts';
import { type ChildRunSpec, childTrainOptions, recordedChildRun, trainChildRun } from '../child-runs.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { esc, f } from '../../report/report-page.ts';
import { METRIC_LABEL } from '../analysis-report.ts';
import { computeRunMaps } from '../blackbox/run-maps.ts';

const KIND = 'control-arm';

interface ArmStep {
  model: ControlArmModel;
  methods: Array<{ method: string; medians: MetricMedian[] }>;
}

const armOf = (step: AnalysisStep) => step.key.slice('arm='.length) as ControlArm;

/** The arm's child run: the run's recipe, the input encoded as the arm says. */
function armChild(run: RunManifest, arm: ControlArm): ChildRunSpec {
  if (!isClassifierConfig(run.config)) throw new LabError('bad-input', `run "${run.id}" is not a black-box classifier run`);
  return { kind: KIND, key: arm, label: `control arm ${arm}`, name: `control arm ${arm} of ${run.id}`, options: childTrainOptions(run.config, { preprocessing: CONTROL_ARM_PREPROCESSING[arm] }) };
}

export const controlArmExperiment = analysisDefinition<ControlArmConfig, ArmStep, ControlArmRow, ControlArmDetail>({
  info: {
    kind: KIND,
    title: 'Control arm (re-encoded inputs)',
    summary: "The run's model retrained on 1 − x and on x − 0.5: if RectGrad's blind spot follows the encoding, its zeros leave the black box once the box is white.",
  },
  schema: ControlArmConfigSchema,
  quickPreset: { limit: 20 },
  flags: flagsFromSchema(ControlArmConfigSchema, { omit: fieldsUnder('options', SALIENCY_OPTIONS_NOT_FLAGS) }),
  check: (_host, run) => requireTrainedBlackboxRun(run, 'the control arm'),
  steps: (_host, _run, config) => CONTROL_ARMS.filter((a) => config.arms.includes(a)).map((arm) => ({ key: `arm=${arm}`, label: `arm ${arm} (${CONTROL_ARM_TEXT[arm]})` })),

  async expectedSeconds(host, run, _config, steps) {
    const perRun = await recordedTrainingSeconds(host, run);
    if (perRun === null || !isClassifierConfig(run.config)) return null;
    const own = runPreprocessing(run.config);
    const epochs = run.config.epochs;
    // Training dominates: the maps of up to `limit` images take seconds where training takes minutes.
    const children = await Promise.all(
      steps
        .map(armOf)
        .filter((arm) => CONTROL_ARM_PREPROCESSING[arm] !== own)
        .map((arm) => recordedChildRun(host, run, armChild(run, arm))),
    );
    const toTrain = children.filter((child) => child?.status !== 'completed');
    // Nothing to train: no estimate to give (maps alone are a few seconds and their own progress shows it).
    return toTrain.length === 0 ? null : toTrain.reduce((sum, child) => sum + remainingTrainingSeconds(perRun, epochs, child?.checkpointEpoch ?? 0), 0);
  },

  async runStep(host, run, config, step, ctx) {
    const arm = armOf(step);
    const preprocessing = CONTROL_ARM_PREPROCESSING[arm];
    const maps = { methods: config.methods, options: config.options, limit: config.limit };
    if (preprocessing === runPreprocessing(run.config as TrainConfig)) {
      const result = unwrap(await host.callWorker('computeMaps', await runMapsJob(host, run, maps), { signal: ctx.signal, onEvent: (e) => ctx.onProgress(e.done, e.total) }));
      return {
        model: { arm, preprocessing, runId: run.id, reused: true, testAccuracy: run.testAccuracy, images: result.indices.length },
        methods: result.methods.map((m) => ({ method: m.method, medians: metricMedians(m.summary) })),
      };
    }
    // Training is most of the step: 90 % of its progress bar, the maps the rest.
    const spec = armChild(run, arm);
    if (await recordedChildRun(host, run, spec) === null) ctx.log(`control arm ${arm}: training the run's model on ${CONTROL_ARM_TEXT[arm]}`);
    const child = await trainChildRun(host, run, spec, ctx, (fraction) => ctx.onProgress(0.9 * fraction, 1));
    const result = unwrap(await computeRunMaps(host, child.id, maps, { signal: ctx.signal, onProgress: (e) => ctx.onProgress(0.9 + (0.1 * e.done) / Math.max(1, e.total), 1) }));
    ctx.log(`control arm ${arm}: run ${child.id}, test accuracy ${(100 * (child.testAccuracy ?? NaN)).toFixed(1)}%, ${result.indices.length} images explained`);
    return {
      model: { arm, preprocessing, runId: child.id, reused: false, testAccuracy: child.testAccuracy, images: result.indices.length },
      methods: result.methods.map((m) => ({ method: m.method, medians: metricMedians(m.summary) })),
    };
  },

  finish(_host, run, _config, results) {
    const rows = results.flatMap((r) => r.methods.flatMap((m) => m.medians.map((v) => ({ analysis: KIND, arm: r.model.arm, method: m.method, ...v }) satisfies ControlArmRow)));
    const notes = results.flatMap((r) => [
      `arm ${r.model.arm} (${CONTROL_ARM_TEXT[r.model.arm]}): ${r.model.reused ? 'the run itself' : `run ${r.model.runId}, trained for it`}, test accuracy ${r.model.testAccuracy === null ? '–' : `${(100 * r.model.testAccuracy).toFixed(1)}%`}`,
      // An arm whose model learned less explains a weaker detector: its maps are not the encoding's alone.
      ...(r.model.testAccuracy !== null && run.testAccuracy !== null && r.model.testAccuracy < run.testAccuracy - 0.1
        ? [`arm ${r.model.arm}: its model's test accuracy (${(100 * r.model.testAccuracy).toFixed(1)}%) is well below the run's (${(100 * run.testAccuracy).toFixed(1)}%): its maps explain a weaker detector`]
        : []),
      ...r.methods.flatMap((m) => {
        const share = m.medians.find((v) => v.metric === 'boxMassShare');
        return share !== undefined && share.n < r.model.images ? [`arm ${r.model.arm}: ${r.model.images - share.n} of ${r.model.images} ${m.method} maps are all zero (box share undefined for them)`] : [];
      }),
    ]);
    return { rows, detail: { models: results.map((r) => r.model) }, notes };
  },

  reportSection(file) {
    const rows = file.rows;
    const models = file.detail?.models ?? [];
    const arms = CONTROL_ARMS.filter((a) => rows.some((r) => r.arm === a));
    const methods = [...new Set(rows.map((r) => r.method))];
    const images = Math.max(0, ...models.map((m) => m.images));
    const cell = (arm: string, method: string, metric: string) => {
      const r = rows.find((x) => x.arm === arm && x.method === method && x.metric === metric);
      return r === undefined ? '<td>–</td>' : `<td title="n = ${r.n}">${f(r.median)}${r.n < images ? `<br><span class="iqr">n = ${r.n}</span>` : ''}</td>`;
    };
    const table = `<table class="metrics"><tr><th>method</th><th>arm</th>${ANALYSIS_METRICS.map((m) => `<th>${esc(METRIC_LABEL[m])}</th>`).join('')}</tr>${methods
      .map((method) =>
        arms
          .map((arm, i) => `<tr>${i === 0 ? `<th rowspan="${arms.length}">${esc(method)}</th>` : ''}<th>${esc(arm)}</th>${ANALYSIS_METRICS.map((metric) => cell(arm, method, metric)).join('')}</tr>`)
          .join(''),
      )
      .join('')}</table>`;
    const modelTable = `<table class="metrics"><tr><th>arm</th><th>model input</th><th>model</th><th>test accuracy</th><th>images explained</th></tr>${models
      .map((m) => `<tr><th>${esc(m.arm)}</th><td>${esc(CONTROL_ARM_TEXT[m.arm])}</td><td>${m.reused ? 'the run itself' : esc(m.runId)}</td><td>${m.testAccuracy === null ? '–' : `${(100 * m.testAccuracy).toFixed(1)}%`}</td><td>${m.images}</td></tr>`)
      .join('')}</table>`;
    const charts = (['boxMassShare', 'zeroFractionInBox'] as const).map((metric) =>
      renderSvg(
        methodCurvesOption({
          title: METRIC_LABEL[metric],
          xName: 'input encoding (arm)',
          yName: 'median over images',
          xLabels: arms,
          yMin: 0,
          yMax: 1,
          curves: methods.map((method) => ({
            method,
            points: arms.flatMap((arm, x) => {
              const r = rows.find((v) => v.arm === arm && v.method === method && v.metric === metric);
              return r === undefined ? [] : [{ x, y: r.median, n: r.n }];
            }),
          })),
        }),
        // Wide enough for four methods' legend on one line (it would run into the axis name).
        540,
        300,
      ),
    );
    const rect = (arm: string, metric: string, method: string = RECTGRAD_PAIR[0]) => rows.find((r) => r.arm === arm && r.method === method && r.metric === metric);
    const invertZeros = rect('invert', 'zeroFractionInBox');
    // The comparison means little if the inverted model did not learn the task: its accuracy goes with it.
    const accuracy = (arm: ControlArm) => models.find((m) => m.arm === arm)?.testAccuracy ?? null;
    const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);
    const accuracyText = () => ` (test accuracy ${pct(accuracy('identity'))} → ${pct(accuracy('invert'))})`;
    const headline =
      invertZeros === undefined || rect('identity', 'zeroFractionInBox') === undefined
        ? ''
        : `<p>RectGrad's exact-zero fraction in the box: ${f(rect('identity', 'zeroFractionInBox')!.median)} on x in [0, 1], ${f(invertZeros.median)} on 1 − x (n = ${invertZeros.n}); its box share ${f(rect('identity', 'boxMassShare')?.median)} → ${f(rect('invert', 'boxMassShare')?.median)}; No-Bias RectGrad's box share ${f(rect('identity', 'boxMassShare', RECTGRAD_PAIR[1])?.median)} → ${f(rect('invert', 'boxMassShare', RECTGRAD_PAIR[1])?.median)}${accuracyText()}.</p>`;
    return `<h2>Control arm: the same model on re-encoded inputs (up to ${images} test images with a box per arm)</h2>
${headline}
${modelTable}
${table}
<div class="grid">${charts.join('')}</div>
<p class="stamp">Each arm retrains the run's model on the same images with the same recipe (epochs, batch, learning rate, seed, split), the input encoded as the arm says, and explains the "box" logit of the same test images in that encoding. Each cell is the median over the images where the metric is defined (n in the tooltip). RectGrad multiplies by the encoded input, so whatever the encoding maps to 0 gets exactly 0: black under identity, white under invert, mid-grey under shift.</p>`;
  },

  describeRow: (r) => `arm ${r.arm.padEnd(8)} ${r.method.padEnd(16)} ${r.metric.padEnd(18)} median ${r.median === null ? '–' : r.median.toFixed(3)} (n = ${r.n})`,
});
