/**
 * The black-box experiment's report sections (paper Fig. 1): headline, setup with config, seed, versions
 * and backend, training curves, metrics per method, Fig. 1c histograms and example maps. The one report
 * writer (report/write-report.ts) puts them on the page, after which the sweep attaches its own.
 */
import { readRunJson, readRunNpy } from '../../run-files.ts';
import { exists } from '../../workspace-check.ts';
import { join } from 'node:path';
import { type Spread, isClassifierConfig, isClassifierEvent, runPreprocessing } from '../../../../shared/run.ts';
import { trainingCurvesOption } from '../../../../shared/chart-options/run-curves.ts';
import { insideOutsideHistogramOption } from '../../../../shared/chart-options/inside-outside-histogram.ts';
import { DEFAULT_SCALE, describeScale } from '../../../../shared/color-scale.ts';
import { LabError } from '../../../../shared/result.ts';
import type { Workspace } from '../../workspace.ts';
import type { ReportContent } from '../../report/write-report.ts';
import { readDatasetItems, readDatasetPixels } from '../../dataset-images.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { readBoxComparisons, readMapsSidecars } from '../../maps-files.ts';
import { inputImagePng } from '../../report/map-images.ts';
import { mapFigure } from '../../report/map-figure.ts';
import { cardHtml } from '../../../../shared/saliency-card.ts';
import { CARD_CSS, saliencyCards } from './saliency-card.ts';
import { SNAPSHOT_CSS, snapshotStrip } from './snapshot-strip.ts';
import { esc, f, kv, spreadCell } from '../../report/report-page.ts';
import { pairedTestText } from '../../../../shared/paired-test.ts';

const EXAMPLES = 6;

export async function blackboxReport(ws: Workspace, runId: string): Promise<ReportContent> {
  const run = await ws.readRun(runId);
  if (!isClassifierConfig(run.config)) throw new LabError('bad-input', `run "${runId}" trained a ${run.config.model}, not the black-box classifier this report describes`);
  const runDir = ws.runDir(runId);
  const dataset = await ws.readDataset(run.datasetId);
  const datasetDir = ws.datasetDir(dataset.id);
  const sidecars = await readMapsSidecars(runDir, Object.keys(run.metrics ?? {}));
  if (sidecars.length === 0) throw new LabError('not-found', `run "${runId}" has no maps yet: compute maps before writing the report`);
  const events = await ws.readMetrics(runId);
  const comparisons = await readBoxComparisons(runDir);
  const byMethod = new Map(sidecars.map((s) => [s.method, s]));
  const rect = byMethod.get('rectgrad');
  const nobias = byMethod.get('nobias-rectgrad');

  const curves = renderSvg(trainingCurvesOption(events.filter(isClassifierEvent)), 760, 420);
  const histograms = sidecars.map((s) => renderSvg(insideOutsideHistogramOption({ edges: s.histogramEdges, inside: s.histogram.inside, outside: s.histogram.outside, title: s.method }), 360, 250));

  // Example maps: the first explained images, input with the box outlined, then each method.
  const items = await readDatasetItems(datasetDir, dataset);
  const size = dataset.size;
  const mapsByMethod = new Map(await Promise.all(sidecars.map(async (s) => [s.method, (await readRunNpy(runDir, `saliency/${s.method}.npy`)).data] as const)));
  const rows: string[] = [];
  for (const [k, index] of sidecars[0].indices.slice(0, EXAMPLES).entries()) {
    const cells = [`<figure><img src="${await inputImagePng(await readDatasetPixels(datasetDir, dataset, index, 1), size, items[index].box)}"><figcaption>#${index} input</figcaption></figure>`];
    for (const s of sidecars) {
      const pos = s.indices.indexOf(index);
      if (pos < 0) continue;
      const map = mapsByMethod.get(s.method)!;
      const summed = new Float32Array(size * size);
      for (let p = 0; p < size * size; p++) {
        const o = (pos * size * size + p) * 3;
        summed[p] = map[o] + map[o + 1] + map[o + 2];
      }
      const row = s.perImage[pos];
      cells.push(await mapFigure(summed, size, `${esc(s.method)}<br>box share ${f(row.boxMassShare, 2)} · zeros in box ${f(row.zeroFractionInBox, 2)}`));
    }
    rows.push(`<div class="maprow">${cells.join('')}</div>`);
    if (k === 0) rows.unshift(`<p class="stamp">Colour: ${esc(describeScale(DEFAULT_SCALE))} (blue negative, white 0, red positive; the bar under each map gives its range); channels summed. Green outline: the pasted black box.</p>`);
  }

  const metricRows = sidecars
    .map((s) => {
      const m = s.summary;
      const cell = (sp: Spread, d = 3) => spreadCell(sp, d, m.images);
      return `<tr><th>${esc(s.method)}</th><td class="fx">${s.timesInput ? 'included' : '–'}</td><td>${m.images}</td><td>${cell(m.boxMassShare)}</td><td>${cell(m.enrichment, 2)}</td><td>${cell(m.zeroFractionInBox)}</td><td>${f(100 * m.pointingGame, 1)}%<br><span class="iqr">hit rate, n = ${m.pointingGameN ?? m.images}</span></td><td>${cell(m.auroc)}</td><td>${cell(m.topKIoU)}</td><td>${cell(m.intensitySpearman)}</td><td>${cell(m.darkSuppressionRatio, 2)}</td></tr>`;
    })
    .join('');
  // Integrated Gradients' completeness gap per map, summarised (issue 15): how far its Riemann sum is
  // from the path integral it approximates.
  const gaps = sidecars
    .filter((s) => s.summary.completenessGap !== undefined)
    .map((s) => {
      const g = s.summary.completenessGap!;
      return `<p class="stamp" data-completeness="${esc(s.method)}">${esc(s.method)}: completeness gap Σ attribution − (f(x) − f(x₀)) per map, median ${f(g.median, 4)} [${f(g.q1, 4)}–${f(g.q3, 4)}] logits over ${g.n} maps (${s.options.steps} steps, baseline ${esc(JSON.stringify(s.options.baseline))}).</p>`;
    })
    .join('');
  // Accuracy is measured on the test split, not the whole dataset: say its n (predictions.json lists it).
  const testImages = (await exists(join(runDir, 'predictions.json'))) ? (await readRunJson<{ testIndices: number[] }>(runDir, 'predictions.json', 'predictions file')).testIndices.length : null;
  const headline = [
    `Test accuracy <b>${f(100 * (run.testAccuracy ?? NaN), 2)}%</b> on ${testImages === null ? 'the test split' : `the ${testImages} test images`} of ${dataset.count} (${dataset.size}×${dataset.size}).`,
    rect ? `RectGrad puts exactly zero on a median <b>${f(100 * rect.summary.zeroFractionInBox.median, 1)}%</b> of box pixels (enrichment ${f(rect.summary.enrichment.median, 2)}).` : '',
    nobias ? `No-Bias RectGrad concentrates a median <b>${f(100 * nobias.summary.boxMassShare.median, 1)}%</b> of its mass in the box, <b>${f(nobias.summary.enrichment.median, 2)}×</b> what a uniform map would.` : '',
    ...comparisons.map((c) => `Paired Wilcoxon signed-rank on box mass share, ${esc(c.a)} vs ${esc(c.b)}: ${esc(pairedTestText(c, 'box mass share'))}.`),
  ]
    .filter(Boolean)
    .join(' ');
  const opts = sidecars[0].options;
  const body = `<p class="headline">${headline}</p>
<h2>Setup</h2>
<div class="cols"><div>${kv([
    ['dataset', `${dataset.name} (${dataset.id})`],
    ['backgrounds', dataset.sourceDescription],
    ['images', `${dataset.count} (${dataset.counts.withBox} with a box, ${dataset.counts.skipped} inputs skipped)`],
    ['image size', `${dataset.size}×${dataset.size}, RGB ${{ unit: 'scaled to [0, 1] (black = 0)', centred: 'scaled to [0, 1] then centred, x − 0.5 (mid-grey = 0, black = −0.5)', inverted: 'scaled to [0, 1] then inverted, 1 − x (white = 0, black = 1)' }[runPreprocessing(run.config)]}`],
    ['box side', `uniform in [${dataset.config.boxMinFraction.toFixed(3)}, ${dataset.config.boxMaxFraction.toFixed(3)}] × side, black (0,0,0)`],
    ['dataset seed', dataset.seed],
  ])}</div><div>${kv([
    ['model', `${run.config.model}: 3 × [conv 3×3 ReLU (32/64/128), max-pool 2] → GAP → dense 64 ReLU → 2 logits`],
    ['training', `${run.config.epochs} epochs, batch ${run.config.batchSize}, Adam ${run.config.learningRate}, seed ${run.config.seed}, ${Math.round(run.config.testFraction * 100)}% stratified test split`],
    ['explained score', 'the "box" logit (pre-softmax), test images with a box'],
    ['RectGrad', `q = ${opts.q} (${opts.percentile}), padding trick ${opts.paddingTrick ? 'on' : 'off'}`],
    ['backend', `${run.backend?.name ?? '?'}${run.backend?.threads ? ` (${run.backend.threads} thread${run.backend.threads > 1 ? 's' : ''})` : ''} — ${run.backend?.reasons.join('; ') ?? ''}`],
    ['versions', Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')],
  ])}</div></div>
<h2>Training</h2>
${curves}
<h2>Metrics per method (median [IQR], pointing game a hit rate, over ${sidecars[0].indices.length} test images with a box)</h2>
<table class="metrics"><tr><th>method</th><th title="whether the method's own map ends with the multiplication by the input (it is not applied a second time)">final × input</th><th title="images explained; a cell shows n when the metric was defined for fewer (e.g. box share of an all-zero map)">images</th><th>box mass share</th><th>enrichment</th><th>exact zeros in box</th><th title="hit rate: the mean over images of 1 when the largest |S| is in the box, 0 when not (tied maxima share the credit); not a median">pointing game</th><th>AUROC (box)</th><th>top-k IoU</th><th>ρ(|S|, intensity)</th><th>dark supp.</th></tr>${metricRows}</table>
<p class="stamp">Box mass share = Σ<sub>box</sub>|S| / Σ|S|; enrichment = share / box area share (1 = uniform); exact zeros = fraction of box pixels with S = 0; AUROC of |S| for "pixel in box"; top-k IoU with k = box area; dark suppression = mean |S| over the darkest decile / mean |S|. Pointing game: a hit rate over the n images with a defined score (per image 1 if the largest |S| lies in the box, 0 if not; pixels tied at the maximum share the credit), not a median. ρ: a cell shows n when some maps had no defined ρ (a constant map).</p>${gaps}
<h2>Fig. 1c: normalised scores inside vs outside the box</h2>
<div class="grid">${histograms.join('')}</div>
<h2>Example maps</h2>
${rows.join('\n')}
${await snapshotStrip(ws.runDir(run.id))}
<h2>Saliency Cards (Boggust et al. 2023), from what the lab measured on this run</h2>
<div class="cards">${(await saliencyCards(ws, run)).map(cardHtml).join('')}</div>
<p class="stamp">Each entry names its source; "not measured" names the command that measures it. saliency-lab card --run ${esc(run.id)} writes them as Markdown or HTML.</p>`;
  return { title: run.name, heading: 'Black box on natural images: RectGrad vs No-Bias RectGrad', figure: 'Fig. 1', body, css: CARD_CSS + SNAPSHOT_CSS };
}
