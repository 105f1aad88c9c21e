/**
 * Faithfulness under several fills (issue 19) of a trained black-box run: one step per fill (and one for
 * ROAD), each a worker job that ranks pixels by every method's map and by the controls', and records the
 * model's score as they are removed or restored. Per score and fill: the median AUC with n, a paired test
 * against the random control (a method the metric cannot tell from chance is marked), the ranking of the
 * methods, and Kendall's τ between fills: whether the fill, not the method, decides the verdict.
 */
import {
  FAITHFULNESS_FILLS,
  FILL_TEXT,
  type FaithfulnessConfig,
  FaithfulnessConfigSchema,
  type FaithfulnessFill,
  type FaithfulnessFillResult,
  type FaithfulnessRow,
  type FaithfulnessScore,
  type FaithfulnessDetail,
  ROAD_FILL,
  SCORE_BETTER,
  CHANCE_P,
  indistinguishableFromChance,
  rankMethods,
} from '../../../../shared/experiments/faithfulness.ts';
import { methodCurvesOption } from '../../../../shared/chart-options/method-curves.ts';
import { kendallTauB } from '../../../../shared/kendall-tau.ts';
import { unwrap } from '../../../../shared/result.ts';
import { analysisDefinition } from '../analysis-definition.ts';
import { SALIENCY_OPTIONS_NOT_FLAGS, fieldsUnder, flagsFromSchema } from '../flags-from-schema.ts';
import { requireTrainedBlackboxRun, runImagesJob } from '../blackbox/trained-run.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { esc, f } from '../../report/report-page.ts';

type FillName = FaithfulnessFill | typeof ROAD_FILL;




function agreement(rows: readonly FaithfulnessRow[], fills: readonly FillName[]): FaithfulnessDetail['agreement'] {
  const out: FaithfulnessDetail['agreement'] = [];
  for (const score of ['deletion', 'insertion', 'srg'] as const) {
    for (let i = 0; i < fills.length; i++) {
      for (let j = i + 1; j < fills.length; j++) {
        const a = new Map(rows.filter((r) => r.score === score && r.fill === fills[i] && r.auc !== null).map((r) => [r.method, r.auc!]));
        const b = new Map(rows.filter((r) => r.score === score && r.fill === fills[j] && r.auc !== null).map((r) => [r.method, r.auc!]));
        const common = [...a.keys()].filter((m) => b.has(m));
        out.push({ score, a: fills[i], b: fills[j], tau: kendallTauB(common.map((m) => a.get(m)!), common.map((m) => b.get(m)!)), methods: common.length });
      }
    }
  }
  return out;
}

export const faithfulnessExperiment = analysisDefinition<FaithfulnessConfig, FaithfulnessFillResult, FaithfulnessRow, FaithfulnessDetail>({
  info: {
    kind: 'faithfulness',
    title: 'Faithfulness under several fills',
    summary: 'Deletion, insertion, SRG and ROAD per method and fill: a black fill is the box itself here, so black-fill deletion shares RectGrad’s input bias.',
  },
  schema: FaithfulnessConfigSchema,
  quickPreset: { limit: 10, steps: 20, methods: ['rectgrad', 'nobias-rectgrad', 'gradient'] },
  flags: flagsFromSchema(FaithfulnessConfigSchema, { omit: fieldsUnder('options', [...SALIENCY_OPTIONS_NOT_FLAGS, 'paddingTrick']) }),
  check: (_host, run) => requireTrainedBlackboxRun(run, 'the faithfulness analysis'),
  steps: (_host, _run, config) => [...config.fills, ...(config.road ? [ROAD_FILL] : [])].map((fill) => ({ key: fill, label: fill === ROAD_FILL ? 'ROAD (imputation)' : `fill ${fill}` })),

  async runStep(host, run, config, step, ctx) {
    return unwrap(
      await host.callWorker(
        'faithfulnessFill',
        { ...(await runImagesJob(host, run)), limit: config.limit, methods: config.methods, options: config.options, fill: step.key as FillName, steps: config.steps, analysisSeed: config.seed },
        { signal: ctx.signal, onEvent: (e) => ctx.onProgress(e.done, e.total) },
      ),
    );
  },

  finish(_host, _run, _config, results) {
    const rows: FaithfulnessRow[] = results.flatMap((r) => r.rows.map((row) => ({ analysis: 'faithfulness' as const, score: row.score, fill: r.fill, method: row.method, auc: row.auc, n: row.n, pVsRandom: row.pVsRandom })));
    const fills = results.map((r) => r.fill).filter((x) => x !== ROAD_FILL);
    const chance = rows.filter(indistinguishableFromChance);
    const notes = [
      ...(fills.includes('black') ? ['black fill: on this dataset black IS the box, so removing a box pixel with black changes nothing; black-fill deletion cannot see what the model uses there'] : []),
      ...(fills.includes('blur') ? ['blur fill: a blur leaves the inside of a large uniform region as it was, so a blurred black box stays black inside'] : []),
      ...results
        .filter((r) => r.fillRaisesScore > 0)
        .map((r) => `${r.fill}: the all-filled image scores at least f(x) on ${r.fillRaisesScore} of ${r.images} images (the fill reads as the feature), so its normalised curves leave [0, 1] and its AUCs rank nothing`),
      ...(chance.length > 0 ? [`${chance.length} of ${rows.filter((r) => r.method !== 'random').length} scores cannot be told from the random control (paired Wilcoxon p ≥ ${CHANCE_P} or no pairs): marked † in the report`] : []),
    ];
    const forwardPasses = results.reduce((a, r) => a + r.forwardPasses, 0);
    return {
      rows,
      notes,
      detail: {
        images: Math.max(0, ...results.map((r) => r.images)),
        curves: Object.fromEntries(results.map((r) => [r.fill, r.curves])),
        agreement: agreement(rows, fills),
        forwardPasses,
        forwardSeconds: results.reduce((a, r) => a + r.seconds, 0),
      },
    };
  },

  reportSection(file) {
    const rows = file.rows;
    const detail = file.detail!;
    const fills = [...new Set(rows.map((r) => r.fill))];
    const methods = [...new Set(rows.map((r) => r.method))];
    const scoreTable = (score: FaithfulnessScore, cols: readonly FillName[]) => {
      if (!rows.some((r) => r.score === score)) return '';
      const ranks = Object.fromEntries(cols.map((fill) => [fill, rankMethods(rows, score, fill)]));
      const cell = (method: string, fill: FillName) => {
        const r = rows.find((x) => x.score === score && x.fill === fill && x.method === method);
        if (r === undefined) return '<td>–</td>';
        const rank = ranks[fill].find((x) => x.method === method)?.rank;
        const dagger = indistinguishableFromChance(r) ? ' †' : '';
        return `<td title="n = ${r.n}, p vs random ${r.pVsRandom === null ? '–' : r.pVsRandom.toPrecision(2)}">${f(r.auc)}${dagger}<br><span class="iqr">#${rank ?? '–'} · n = ${r.n}</span></td>`;
      };
      return `<h3>${esc(score)} AUC (${SCORE_BETTER[score]} is better)</h3><table class="metrics"><tr><th>method</th>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${methods.map((m) => `<tr><th>${esc(m)}</th>${cols.map((c) => cell(m, c)).join('')}</tr>`).join('')}</table>`;
    };
    const filled = fills.filter((x) => x !== ROAD_FILL);
    const charts = fills.map((fill) =>
      renderSvg(
        methodCurvesOption({
          title: fill === ROAD_FILL ? 'ROAD (noisy linear imputation), most relevant first' : `deletion, fill ${fill}`,
          xName: 'fraction of pixels removed',
          yName: 'normalised score (mean)',
          curves: (detail.curves[fill] ?? []).filter((c) => c.score === (fill === ROAD_FILL ? 'road' : 'deletion')).map((c) => ({ method: c.method, points: c.fractions.map((x, k) => ({ x, y: c.mean[k], n: c.n })) })),
        }),
        380,
        270,
      ),
    );
    const tau = detail.agreement.filter((a) => a.score === 'deletion');
    return `<h2>Faithfulness under several fills (${detail.images} test images with a box)</h2>
${scoreTable('deletion', filled)}${scoreTable('insertion', filled)}${scoreTable('srg', filled)}${scoreTable('road', [ROAD_FILL])}
<h3>Do the fills agree? Kendall τ-b of the deletion ranking between fills</h3>
<table class="metrics"><tr><th>fills</th><th>τ-b</th><th>methods</th></tr>${tau.map((a) => `<tr><th>${esc(a.a)} vs ${esc(a.b)}</th><td>${f(a.tau, 2)}</td><td>${a.methods}</td></tr>`).join('')}</table>
<div class="grid">${charts.join('')}</div>
<p class="stamp">Pixels are ranked by |S| (channels summed; ties broken at random, seed ${esc(file.config.seed)}); the explained "box" logit is normalised per image as (f − f(all filled)) / (f(x) − f(all filled)) and its curve integrated by the trapezoid rule over the fraction removed (deletion, ROAD) or restored onto the fill (insertion). SRG = LeRF AUC − MoRF AUC (Blücher et al. 2024). Each cell: the median AUC over the images where the curve is defined (n), the method's rank among all rows under that fill, and † where a paired Wilcoxon test against the random control gives p ≥ ${CHANCE_P} (the metric cannot tell the method from chance). Fills: ${FAITHFULNESS_FILLS.map((x) => `${x} = ${esc(FILL_TEXT[x])}`).join('; ')}. ${detail.forwardPasses} forward passes in ${f(detail.forwardSeconds, 1)} s.</p>`;
  },

  describeRow: (r) => `${r.score.padEnd(9)} ${String(r.fill).padEnd(10)} ${r.method.padEnd(16)} AUC ${r.auc === null ? '–' : r.auc.toFixed(3)} (n = ${r.n})${r.pVsRandom === null ? '' : `  p vs random ${r.pVsRandom.toPrecision(2)}`}`,
});
