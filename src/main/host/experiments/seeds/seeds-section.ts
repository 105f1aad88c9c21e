/**
 * The seeds section of a report: the runs, the table of means with both intervals and every seed's own
 * value, and the per-seed charts. The seeds analysis' report and a batch's aggregate page both show it.
 */
import { type AnalysisFile, type AnalysisMetric, RECTGRAD_PAIR } from '../../../../shared/experiments/analysis-common.ts';
import { type SeedsDetail, type SeedsMethodRow, type SeedsRow, isComparisonRow } from '../../../../shared/experiments/seeds.ts';
import { formatP } from '../../../../shared/paired-test.ts';
import { seedPointsOption } from '../../../../shared/chart-options/seed-points.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { esc, f } from '../../report/report-page.ts';
import { METRIC_LABEL } from '../analysis-report.ts';

export function seedsSection(file: Pick<AnalysisFile<SeedsRow, SeedsDetail>, 'rows' | 'detail'>, heading?: string): string {
    const rows = file.rows;
    const runs = file.detail?.runs ?? [];
    const seeds = runs.map((r) => r.seed);
    const ci = (c: [number, number] | null) => (c === null ? '–' : `[${f(c[0])}, ${f(c[1])}]`);
    const perSeed = (r: SeedsRow) => r.values.map((v, i) => `<span title="seed ${r.seeds[i]}">${f(v)}</span>`).join(' · ');
    const methodRows = rows.filter((r): r is SeedsMethodRow => !isComparisonRow(r));
    const comparisonRows = rows.filter(isComparisonRow);
    const table = `<table class="metrics"><tr><th>method</th><th>metric</th><th>mean over seeds</th><th>95 % t interval</th><th>95 % bootstrap</th><th>per seed (${seeds.map((s) => `seed ${s}`).join(' · ')})</th><th>n</th><th>paired t-test</th></tr>${[...methodRows, ...comparisonRows]
      .map((r) => {
        const name = isComparisonRow(r) ? `${RECTGRAD_PAIR[1]} − ${RECTGRAD_PAIR[0]}` : r.method;
        const test = isComparisonRow(r) ? (r.p === null ? esc(r.note ?? 'no test') : `${formatP(r.p)}, t = ${f(r.t, 2)}`) : '';
        return `<tr><th>${esc(name)}</th><th>${esc(METRIC_LABEL[r.metric])}</th><td>${f(r.mean)}</td><td>${r.ci95 === null ? esc(r.note ?? '–') : ci(r.ci95)}</td><td>${ci(r.bootstrap95)}</td><td>${perSeed(r)}</td><td>${r.n}</td><td>${test}</td></tr>`;
      })
      .join('')}</table>`;
    const runTable = `<table class="metrics"><tr><th>seed</th><th>run</th><th>test accuracy</th><th>images explained</th></tr>${runs
      .map((r) => `<tr><th>${r.seed}</th><td>${r.reused ? 'the run itself' : esc(r.runId)}</td><td>${r.testAccuracy === null ? '–' : `${(100 * r.testAccuracy).toFixed(1)}%`}</td><td>${r.images}</td></tr>`)
      .join('')}</table>`;
    const groups = (metric: AnalysisMetric) =>
      methodRows.filter((r) => r.metric === metric).map((r) => ({ label: r.method, mean: r.mean, ci: r.ci95, points: r.values.map((v, i) => ({ seed: r.seeds[i], value: v })) }));
    const charts = [
      ...(['boxMassShare', 'zeroFractionInBox'] as const).map((metric) =>
        renderSvg(seedPointsOption({ title: METRIC_LABEL[metric], yName: 'median over images, per seed', intervalName: '95 % t interval', groups: groups(metric), yMin: 0, yMax: 1 }), 420, 280),
      ),
      ...comparisonRows
        .filter((r) => r.metric === 'boxMassShare')
        .map((r) =>
          renderSvg(
            seedPointsOption({
              title: 'box mass share, paired difference',
              yName: 'difference, per seed',
              intervalName: '95 % t interval',
              zeroLine: true,
              groups: [{ label: 'No-Bias − RectGrad', mean: r.mean, ci: r.ci95, points: r.values.map((v, i) => ({ seed: r.seeds[i], value: v })) }],
            }),
            300,
            280,
          ),
        ),
    ];
    return `<h2>${esc(heading ?? `Seeds: ${seeds.length} runs of the whole experiment`)}</h2>
${runTable}
${table}
<div class="grid">${charts.join('')}</div>
<p class="stamp">Each seed draws the dataset, initialises and orders the training, and so picks the explained test images. Per seed, each metric is the median over that seed's images; the mean over seeds has a 95 % Student t interval (k − 1 degrees of freedom; the charts' bars) and a seeded percentile bootstrap over seeds (${file.detail?.resamples ?? '–'} resamples, seed ${file.detail?.bootstrapSeed ?? '–'}), which with few seeds runs narrow. Paired differences are per seed; the test is a two-sided paired t-test. Every seed's own value is shown, not only the mean.</p>`;
  
}
