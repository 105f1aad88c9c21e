/**
 * Control maps (issue 18, analysis 2) of a trained black-box run: one step per control (random,
 * constant, Sobel edges, the input, occlusion), each a worker job on the test images the run's own maps
 * explain, so a kill resumes between controls. Every analysis metric of each control sits next to the
 * run's own methods' in the report: where chance, an edge detector, the input and a model-agnostic
 * reference land, beside RectGrad and No-Bias RectGrad.
 */
import { ANALYSIS_METRICS, type MetricMedian, metricMedians } from '../../../../shared/experiments/analysis-common.ts';
import {
  CONTROL_METHODS,
  type ControlMapsResult,
  type ControlMethod,
  type ControlsConfig,
  ControlsConfigSchema,
  type ControlsDetail,
  type ControlsRow,
  OCCLUSION_FILL_MEAN,
  type OcclusionConfig,
} from '../../../../shared/experiments/controls.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import { analysisDefinition } from '../analysis-definition.ts';
import { flagsFromSchema } from '../flags-from-schema.ts';
import { requireTrainedBlackboxRun, runImagesJob } from '../blackbox/trained-run.ts';
import { esc, f } from '../../report/report-page.ts';
import { METRIC_LABEL } from '../analysis-report.ts';

/** `--fill mean` or a grey level; the schema checks the range. */
function readFill(text: string): string | number {
  if (text.trim() === OCCLUSION_FILL_MEAN) return OCCLUSION_FILL_MEAN;
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) throw new Error(`expected "${OCCLUSION_FILL_MEAN}" or a grey level in [0, 1], got "${text.trim()}"`);
  return v;
}

function describeFill(fill: OcclusionConfig['fill']): string {
  return fill === OCCLUSION_FILL_MEAN ? "each image's mean colour" : `grey ${fill}`;
}

/** What each control is, for the report's reader: why it is there and where it should land. */
function controlNote(method: ControlMethod, config: ControlsConfig): string {
  switch (method) {
    case 'random':
      return `random: |S| uniform in [0, 1) per pixel, drawn from seed ${config.seed} and the image's index; chance with noise.`;
    case 'constant':
      return 'constant: the same value at every pixel, all tied; each metric at exactly its chance level (box share = box area share, enrichment 1, AUROC 0.5).';
    case 'edges':
      return 'edges: Sobel edge magnitude of the model-space input, channel by channel (border replicated); lights the box outline, not its flat interior.';
    case 'input':
      return 'input: the model-space input itself, what × input alone contributes; on a black box under [0, 1] inputs it is exactly 0, like RectGrad.';
    case 'occlusion':
      return `occlusion: drop of the "box" logit when a patch of ${config.occlusion.patch} px (stride ${config.occlusion.stride} px, filled with ${describeFill(config.occlusion.fill)}, then the run's preprocessing) hides the pixel, averaged over the patches covering it; reads only the model's outputs.`;
  }
}

export const controlsExperiment = analysisDefinition<ControlsConfig, ControlMapsResult, ControlsRow, ControlsDetail>({
  info: {
    kind: 'controls',
    title: 'Control maps',
    summary: 'Random, constant, Sobel edges, the input and occlusion, with every metric next to the run’s own methods: where chance and an edge detector land.',
  },
  schema: ControlsConfigSchema,
  quickPreset: { limit: 20 },
  flags: flagsFromSchema(ControlsConfigSchema, {
    flags: {
      patch: { paths: ['occlusion.patch'], arg: 'PX' },
      stride: { paths: ['occlusion.stride'], arg: 'PX' },
      fill: { paths: ['occlusion.fill'], read: readFill, arg: 'mean|GREY' },
    },
  }),
  async check(host, run, config) {
    requireTrainedBlackboxRun(run, 'the control maps compare with');
    const size = (await host.workspace.readDataset(run.datasetId)).size;
    if (config.occlusion.patch > size) throw new LabError('bad-input', `--patch: ${config.occlusion.patch} px is larger than run "${run.id}"'s images (${size} px)`);
  },
  steps: () => CONTROL_METHODS.map((method) => ({ key: method, label: `control: ${method}` })),

  async runStep(host, run, config, step, ctx) {
    const control = CONTROL_METHODS.find((m) => m === step.key)!;
    return unwrap(
      await host.callWorker(
        'controlMaps',
        { ...(await runImagesJob(host, run)), limit: config.limit, control, randomSeed: config.seed, occlusion: config.occlusion },
        { signal: ctx.signal, onEvent: (e) => ctx.onProgress(e.done, e.total) },
      ),
    );
  },

  finish(_host, run, _config, results) {
    const images = Math.max(0, ...results.map((r) => r.images));
    const runMethods = Object.entries(run.metrics ?? {}).map(([method, summary]) => ({ method, images: summary.images, medians: metricMedians(summary) }));
    const notes: string[] = [];
    if (runMethods.length === 0) notes.push(`run "${run.id}" has no maps of its own yet: the controls stand alone (its maps stage makes them)`);
    for (const k of new Set(runMethods.map((m) => m.images).filter((k) => k !== images))) {
      notes.push(`the run's own maps explain the first ${k} of these ${images} test images with a box (their --limit); the controls' medians are over ${images} (--limit ${k} compares on exactly the same images)`);
    }
    for (const r of results) {
      const share = r.medians.find((v) => v.metric === 'boxMassShare');
      if (share !== undefined && share.n < r.images) notes.push(`${r.images - share.n} of ${r.images} ${r.control} maps are all zero (box share undefined for them)`);
    }
    const occlusion = results.find((r) => r.control === 'occlusion');
    return {
      rows: results.flatMap((r) => r.medians.map((m) => ({ analysis: 'controls' as const, method: r.control, ...m }))),
      detail: { images, runMethods, forwardPasses: occlusion?.forwardPasses ?? null },
      notes,
    };
  },

  reportSection(file) {
    const config = ControlsConfigSchema.safeParse(file.config);
    const cell = (v: MetricMedian | undefined) => (v === undefined ? '<td>–</td>' : `<td>${f(v.median)}<br><span class="iqr">n = ${v.n}</span></td>`);
    const row = (label: string, medians: readonly MetricMedian[]) => `<tr><th>${esc(label)}</th>${ANALYSIS_METRICS.map((metric) => cell(medians.find((v) => v.metric === metric))).join('')}</tr>`;
    const controls = CONTROL_METHODS.map((method) => row(method, file.rows.filter((r) => r.method === method)));
    const own = (file.detail?.runMethods ?? []).map((m) => row(`${m.method} (the run)`, m.medians));
    const head = `<tr><th>map</th>${ANALYSIS_METRICS.map((metric) => `<th>${esc(METRIC_LABEL[metric])}</th>`).join('')}</tr>`;
    const divider = (text: string) => `<tr><th colspan="${ANALYSIS_METRICS.length + 1}">${esc(text)}</th></tr>`;
    const passes = file.detail?.forwardPasses;
    return `<h2>Control maps (${file.detail?.images ?? '?'} test images with a box)</h2>
<table class="metrics">${head}${divider('controls')}${controls.join('')}${own.length > 0 ? divider("the run's own methods") + own.join('') : ''}</table>
${config.success ? `<ul>${CONTROL_METHODS.map((m) => `<li>${esc(controlNote(m, config.data))}</li>`).join('')}</ul>` : ''}
<p class="stamp">Each cell is the median over the test images with a box where the metric is defined, with that n; |S| summed over channels, as for every method. The same images as the run's own maps (theirs may be the first few of them: see the n). ${passes === null || passes === undefined ? '' : `Occlusion took ${passes} forward passes. `}Analysis backend: ${esc(file.backend ?? 'unknown')}, ${f(file.seconds, 1)} s.</p>`;
  },

  describeRow: (r) => `${r.method.padEnd(10)} ${r.metric.padEnd(18)} median ${r.median === null ? '–' : r.median.toFixed(3)} (n = ${r.n})`,
});
