/**
 * The randomisation analysis' report section: one chart per similarity measure and mode (a line per
 * method against the step, layer names on x), a table of the medians, a gallery of maps along the
 * cascade (every map with its own colour bar, per house rules) and the notes, among them where the
 * gradient lands at full randomisation.
 */
import type { AnalysisFile } from '../../../../shared/experiments/analysis-common.ts';
import {
  RANDOMISATION_MODES,
  SHUFFLED_LABELS_LAYER,
  type RandomisationDetail,
  type RandomisationMode,
  type RandomisationRow,
  SIMILARITY_MEASURES,
  type SimilarityMeasure,
  type TopKSize,
} from '../../../../shared/experiments/randomisation.ts';
import { methodCurvesOption } from '../../../../shared/chart-options/method-curves.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { esc, f } from '../../report/report-page.ts';
import { mapFigureSync } from '../../report/map-figure-sync.ts';
import { inputWithBoxRgba } from '../../report/map-images.ts';
import { rgbaPngDataUri } from '../../report/png-sync.ts';

export function measureLabel(measure: SimilarityMeasure, topK: TopKSize): string {
  switch (measure) {
    case 'spearman':
      return 'Spearman ρ of |S|, trained vs randomised';
    case 'ssim':
      return 'SSIM of |S| / max |S|';
    case 'topK':
      return `top-k overlap, k = ${topK === 'box' ? 'box area' : `${topK} % of the pixels`}`;
  }
}

const X_NAME: Record<RandomisationMode, string> = {
  cascading: 'cascading: re-initialised from the logits down to',
  independent: 'independent: the one layer re-initialised',
  labels: 'data randomisation: the recipe on shuffled labels',
};

/** The x labels after 'trained' of a mode: the layers, or the one model trained on shuffled labels. */
const stepsOf = (mode: RandomisationMode, layers: string[]) => (mode === 'labels' ? [SHUFFLED_LABELS_LAYER] : layers);

function float32(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function charts(rows: RandomisationRow[], mode: RandomisationMode, layers: string[], topK: TopKSize): string {
  const methods = [...new Set(rows.map((r) => r.method))];
  const xLabels = ['trained', ...layers];
  return SIMILARITY_MEASURES.map((measure) => {
    const option = methodCurvesOption({
      title: `${mode}: ${measureLabel(measure, topK)}`,
      xName: X_NAME[mode],
      yName: 'median over images',
      xLabels,
      yMax: 1,
      curves: methods.map((method) => ({ method, points: rows.filter((r) => r.mode === mode && r.method === method).map((r) => ({ x: r.step, y: r[measure], n: r.n })) })),
    });
    // Five methods' legend takes two lines at this width: the plot stands higher so the axis name clears it.
    return renderSvg({ ...option, grid: { ...(option.grid as object), bottom: 90 } }, 420, 320);
  }).join('');
}

function table(rows: RandomisationRow[], mode: RandomisationMode, layers: string[]): string {
  const methods = [...new Set(rows.map((r) => r.method))];
  const head = ['trained', ...layers].map((l, k) => `<th>${k} ${esc(l)}</th>`).join('');
  const body = methods
    .map((method) => {
      const cells = Array.from({ length: layers.length + 1 }, (_, k) => {
        const r = rows.find((x) => x.mode === mode && x.method === method && x.step === k);
        return r === undefined ? '<td>–</td>' : `<td title="n = ${r.n} of ${r.images}">${f(r.spearman, 2)} / ${f(r.ssim, 2)} / ${f(r.topK, 2)}${r.n < r.images ? `<br><span class="iqr">n = ${r.n}</span>` : ''}</td>`;
      }).join('');
      return `<tr><th>${esc(method)}</th>${cells}</tr>`;
    })
    .join('');
  return `<table class="metrics"><tr><th>${esc(mode)}: ρ / SSIM / top-k</th>${head}</tr>${body}</table>`;
}

function gallery(g: NonNullable<RandomisationDetail['gallery']>): string {
  const methods = g.steps[0]?.maps.map((m) => m.method) ?? [];
  const blocks = g.inputs.map((input, i) => {
    const rgb = Uint8Array.from(Buffer.from(input.rgb, 'base64'));
    const inputFig = `<figure><img src="${rgbaPngDataUri(inputWithBoxRgba(rgb, g.side, input.box), g.side, g.side)}"><figcaption>test image ${input.index}, box outlined</figcaption></figure>`;
    const head = `<tr><th>${inputFig}</th>${methods.map((m) => `<th>${esc(m)}</th>`).join('')}</tr>`;
    const body = g.steps
      .map((step) => {
        const cells = methods.map((method) => {
          const b64 = step.maps.find((m) => m.method === method)?.maps[i];
          return `<td>${b64 === undefined ? '–' : mapFigureSync(float32(b64), g.side, '')}</td>`;
        });
        return `<tr><th>${step.step === 0 ? 'trained' : `step ${step.step}: down to ${esc(step.layer)}`}</th>${cells.join('')}</tr>`;
      })
      .join('');
    return `<table class="metrics" style="table-layout:fixed;max-width:${120 * (methods.length + 1)}px">${head}${body}</table>`;
  });
  const scale = g.factor > 1 ? ` Maps and images are averaged over ${g.factor} × ${g.factor} pixel blocks (${g.side} px shown).` : '';
  return `<h3>Maps along the cascade</h3>
<p class="stamp">Each map: S summed over channels, of the model re-initialised down to the row's layer; its own signed scale clipped at the 99.5th percentile of |S| (colour bar under it).${scale}</p>
${blocks.join('')}`;
}

export function randomisationSection(file: AnalysisFile<RandomisationRow, RandomisationDetail>): string {
  const rows = file.rows;
  const detail = file.detail;
  const layers = detail?.layers.map((l) => l.name) ?? [];
  const topK = detail?.topK ?? 'box';
  const modes = RANDOMISATION_MODES.filter((m) => rows.some((r) => r.mode === m));
  const images = Math.max(0, ...rows.map((r) => r.images));
  const seed = (file.config as { seed?: unknown }).seed;
  // Layers drawn alike are named together: "logits, fc1, …: kernel VarianceScaling(…), bias Zeros".
  const byInit = new Map<string, string[]>();
  for (const l of detail?.layers ?? []) {
    const how = l.weights.map((w) => `${w.weight.split('/').pop() ?? ''} ${w.initializer}`).join(', ');
    byInit.set(how, [...(byInit.get(how) ?? []), l.name]);
  }
  const initialisers = [...byInit].map(([how, names]) => `${esc(names.join(', '))}: ${esc(how)}`).join('; ');
  return `<h2>Model randomisation sanity checks (Adebayo et al. 2018; ${images} test images with a box)</h2>
<p>Step 0 is the trained model. Cascading step k re-initialises the top k weighted layers (the logits first), independent step k only the k-th from the top; each weight is drawn again by its layer's own initialiser (${initialisers || 'none recorded'}), seeded from seed ${esc(seed)} and the weight's name, so the same seed gives the same weights. Each point is the median over images of the similarity between the randomised model's map and the trained model's: a method that explains the model falls far below 1 as its layers are randomised.</p>
${modes.map((mode) => `<div class="grid">${charts(rows, mode, stepsOf(mode, layers), topK)}</div>`).join('\n')}
${modes.map((mode) => table(rows, mode, stepsOf(mode, layers))).join('\n')}
${file.notes.length > 0 ? `<ul>${file.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
${detail?.gallery ? gallery(detail.gallery) : ''}
<p class="stamp">Maps of the "box" logit. Spearman ρ of |S| over pixels; SSIM (Wang et al. 2004: Gaussian window σ = 1.5 px, 11 × 11, K1 = 0.01, K2 = 0.03, over the positions where the window fits) of each map's |S| scaled to [0, 1] by its own max; top-k overlap |top-k(trained) ∩ top-k(randomised)| / k with ${topK === 'box' ? "k = the image's box area in pixels" : `k = ${topK} % of the pixels`}, ties at the k-th value counted by their expected overlap under uniform random tie-breaking. A map with a constant |S| (0 everywhere included) has none of the three: those images are left out, and each cell's tooltip gives n.</p>`;
}
