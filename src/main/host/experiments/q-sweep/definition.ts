/**
 * The RectGrad q sweep (issue 18, analysis 4) of a trained black-box run: one step per q, each the run's
 * maps worker job with RectGrad and No-Bias RectGrad at that q (nothing of the run is rewritten), then
 * every analysis metric as a curve over q for both halves, the paper's q marked.
 */
import { ANALYSIS_METRICS, type MetricMedian, RECTGRAD_PAIR, metricMedians } from '../../../../shared/experiments/analysis-common.ts';
import { PAPER_Q, type QSweepConfig, QSweepConfigSchema, type QSweepRow } from '../../../../shared/experiments/q-sweep.ts';
import { methodCurvesOption } from '../../../../shared/chart-options/method-curves.ts';
import { unwrap } from '../../../../shared/result.ts';
import { analysisDefinition } from '../analysis-definition.ts';
import { SALIENCY_OPTIONS_NOT_FLAGS, fieldsUnder, flagsFromSchema } from '../flags-from-schema.ts';
import { requireTrainedBlackboxRun, runMapsJob } from '../blackbox/trained-run.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { esc, f } from '../../report/report-page.ts';
import { METRIC_LABEL } from '../analysis-report.ts';

/** `--qs 0,50,90,98`. */
function readQs(text: string): number[] {
  return text.split(',').map((s) => {
    const v = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(v)) throw new Error(`expected comma-separated numbers in [0, 100], got "${s.trim()}"`);
    return v;
  });
}

interface QStep {
  q: number;
  images: number;
  methods: Array<{ method: string; medians: MetricMedian[] }>;
}

export const qSweepExperiment = analysisDefinition<QSweepConfig, QStep, QSweepRow, undefined>({
  info: {
    kind: 'q-sweep',
    title: 'RectGrad q sweep',
    summary: "RectGrad and No-Bias RectGrad at every percentile threshold q: RectGrad's exact zeros in a black box come from × input, at every q.",
  },
  schema: QSweepConfigSchema,
  quickPreset: { limit: 20, qs: [0, 90, 98, 99.9] },
  flags: flagsFromSchema(QSweepConfigSchema, {
    flags: { qs: { paths: ['qs'], read: readQs, arg: 'Q,Q,…' } },
    omit: fieldsUnder('options', SALIENCY_OPTIONS_NOT_FLAGS),
  }),
  check: (_host, run) => requireTrainedBlackboxRun(run, 'the q sweep'),
  steps: (_host, _run, config) => config.qs.map((q) => ({ key: `q=${q}`, label: `q = ${q}` })),

  async runStep(host, run, config, step, ctx) {
    const q = config.qs.find((v) => `q=${v}` === step.key)!;
    const result = unwrap(
      await host.callWorker('computeMaps', await runMapsJob(host, run, { methods: [...RECTGRAD_PAIR], options: { ...config.options, q }, limit: config.limit }), {
        signal: ctx.signal,
        onEvent: (e) => ctx.onProgress(e.done, e.total),
      }),
    );
    return { q, images: result.indices.length, methods: result.methods.map((m) => ({ method: m.method, medians: metricMedians(m.summary) })) };
  },

  finish: (_host, _run, _config, results) => ({
    rows: results.flatMap((r) => r.methods.flatMap((m) => m.medians.map((v) => ({ analysis: 'q-sweep' as const, q: r.q, method: m.method, ...v })))),
    // A q that keeps nothing leaves all-zero maps: their box share is undefined, said here, not drawn as 0.
    notes: results.flatMap((r) =>
      r.methods.flatMap((m) => {
        const share = m.medians.find((v) => v.metric === 'boxMassShare');
        return share !== undefined && share.n < r.images ? [`q = ${r.q}: ${r.images - share.n} of ${r.images} ${m.method} maps are all zero (box share undefined for them)`] : [];
      }),
    ),
  }),

  reportSection(file) {
    const rows = file.rows;
    const qs = [...new Set(rows.map((r) => r.q))].sort((a, b) => a - b);
    const images = Math.max(0, ...rows.map((r) => r.n));
    const charts = ANALYSIS_METRICS.map((metric) =>
      renderSvg(
        methodCurvesOption({
          title: METRIC_LABEL[metric],
          xName: 'RectGrad percentile q (evenly spaced)',
          yName: 'median over images',
          // Evenly spaced categories: on a linear axis 98, 99 and 99.9 fall on one point.
          xLabels: qs.map(String),
          ...(qs.includes(PAPER_Q) ? { markX: { x: qs.indexOf(PAPER_Q), label: `paper q = ${PAPER_Q}` } } : {}),
          curves: RECTGRAD_PAIR.map((method) => ({ method, points: rows.filter((r) => r.method === method && r.metric === metric).map((r) => ({ x: qs.indexOf(r.q), y: r.median, n: r.n })) })),
        }),
        380,
        270,
      ),
    );
    const cell = (q: number, method: string, metric: string) => {
      const r = rows.find((x) => x.q === q && x.method === method && x.metric === metric);
      return r === undefined ? '<td>–</td>' : `<td title="n = ${r.n}">${f(r.median)}</td>`;
    };
    const table = `<table class="metrics"><tr><th>q</th>${RECTGRAD_PAIR.map((m) => `<th>${esc(m)} box share</th><th>${esc(m)} zeros in box</th>`).join('')}</tr>${qs
      .map((q) => `<tr><th>${q}${q === PAPER_Q ? ' (paper)' : ''}</th>${RECTGRAD_PAIR.map((m) => cell(q, m, 'boxMassShare') + cell(q, m, 'zeroFractionInBox')).join('')}</tr>`)
      .join('')}</table>`;
    return `<h2>RectGrad q sweep (up to ${images} test images with a box per point)</h2>
${table}
<div class="grid">${charts.join('')}</div>
<p class="stamp">Each point is the median over the explained test images with a box where the metric is defined (n in each cell's tooltip); "box" logit; the same images at every q. RectGrad keeps the top (100 − q) % of each layer's gradient ⊙ activation; its final × input then zeroes every black input pixel whatever q is.</p>`;
  },

  describeRow: (r) => `q = ${String(r.q).padEnd(5)} ${r.method.padEnd(16)} ${r.metric.padEnd(18)} median ${r.median === null ? '–' : r.median.toFixed(3)} (n = ${r.n})`,
});
