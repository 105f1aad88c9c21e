/**
 * The report of a `resnet50` run (experiment 3, paper Fig. 3): model and preset with its zero point, the
 * zero-point numbers per method, binned mean |S| by distance to the zero point (relative to each map's
 * mean), the Fig. 3b scatter of the first image, and a few example maps, as sections for the one report
 * writer (report/write-report.ts).
 */
import { readRunJson, readRunNpy } from '../../run-files.ts';
import { type ModelMapsResult, kerasGraphLine } from '../../../../shared/models.ts';
import { PREPROCESSING_PRESETS, type PreprocessingId } from '../../../../shared/preprocessing.ts';
import { binRuleText } from '../../../../shared/binning.ts';
import { zeroPointBinnedOption } from '../../../../shared/chart-options/zero-point-binned.ts';
import { pixelSaliencyScatterOption } from '../../../../shared/chart-options/pixel-saliency-scatter.ts';
import { chartTheme } from '../../../../shared/chart-options/chart-theme.ts';
import { DEFAULT_SCALE, describeScale } from '../../../../shared/color-scale.ts';
import type { Workspace } from '../../workspace.ts';
import type { ReportContent } from '../../report/write-report.ts';
import { className } from '../../models/imagenet-classes.ts';
import { storedBinning } from './views.ts';
import { scatterSubsampleText } from '../../../../shared/chart-options/scatter-subsample.ts';
import { inputImagePng } from '../../report/map-images.ts';
import { mapFigure } from '../../report/map-figure.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { esc, f } from '../../report/report-page.ts';

const EXAMPLES = 3;

type Stored = ModelMapsResult & { preset: PreprocessingId; size: number; scatter: Record<string, Array<{ x: number[]; s: number[] }>> };

/** The app's chart of mean |S| by distance to the zero point (the same option builder, so the same colours and axes). */
export function binnedOption(r: Stored): Record<string, unknown> {
  return zeroPointBinnedOption({ ...storedBinning(r), methods: Object.entries(r.methods).map(([method, v]) => ({ method, ...v })), preset: r.preset });
}

/** Fig. 3b as the app draws it; both RectGrad halves on their own y range (their magnitudes differ). */
function scatterOption(r: Stored, method: string): Record<string, unknown> {
  const pts = r.scatter[method]?.[0] ?? { x: [], s: [] };
  return pixelSaliencyScatterOption({ x: pts.x, s: pts.s, title: `Fig. 3b: ${method}, image 1`, subtitle: scatterSubsampleText(pts.x.length, r.size * r.size), zeroPoint: 0, xName: 'preprocessed input (channel mean)' }, { color: method === 'rectgrad' ? chartTheme(false).series[1] : chartTheme(false).series[0] });
}

/** The first thing a reader sees: where RectGrad and No-Bias RectGrad stand at the zero point, with n. */
function headline(r: Stored): string {
  const m = (name: string) => r.methods[name];
  const rect = m('rectgrad');
  const nobias = m('nobias-rectgrad');
  const first = storedBinning(r).binCounts[0] ?? 0;
  const parts = [
    rect === undefined ? '' : `RectGrad's mean |S| at the zero point (distance &lt; ${(1 / r.bins.length).toFixed(2)}) is <b>${f(rect.zeroPointSuppression)}</b> × its mean`,
    nobias === undefined ? '' : `No-Bias RectGrad's <b>${f(nobias.zeroPointSuppression)}</b> ×`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : `<p class="headline">${parts.join('; ')} (${first.toLocaleString('en')} pixel channels of ${r.names.length} images in that bin). The zero point of ${esc(PREPROCESSING_PRESETS[r.preset].label)} is ${r.zeroPoint.map((v) => v.toFixed(3)).join(', ')} in raw RGB: RectGrad's final × input makes every element there exactly 0; No-Bias RectGrad leaves that multiplication out.</p>`;
}

export async function resnet50Report(ws: Workspace, runId: string): Promise<ReportContent> {
  const run = await ws.readRun(runId);
  const runDir = ws.runDir(runId);
  const r = await readRunJson<Stored>(runDir, 'model-maps.json', 'model maps file');
  const preset = PREPROCESSING_PRESETS[r.preset];
  const classes = r.inspection.outputCount;
  const methods = Object.keys(r.methods);
  const inputs = (await readRunNpy(runDir, 'inputs.npy')).data;
  const size = r.size;
  const per = size * size * 3;
  const rows: string[] = [];
  for (let i = 0; i < Math.min(EXAMPLES, r.names.length); i++) {
    const rgb = new Uint8Array(per);
    for (let k = 0; k < per; k++) rgb[k] = Math.round(255 * Math.min(1, Math.max(0, inputs[i * per + k])));
    const top = r.top5[i].map((t) => `${t.index}${className(t.index, classes) ? ` ${className(t.index, classes)}` : ''} ${(100 * t.probability).toFixed(1)}%`).join('<br>');
    // Figures 120 px wide whatever the image size (a 32-px image drawn at 32 px left its colour bar's numbers on top of each other).
    const cells = [`<figure><img src="${await inputImagePng(rgb, size, null)}"><figcaption>${esc(r.names[i])}<br><small>${top}</small></figcaption></figure>`];
    for (const m of methods) {
      const maps = (await readRunNpy(runDir, `saliency/${m}.npy`)).data;
      const summed = new Float32Array(size * size);
      for (let p = 0; p < size * size; p++) summed[p] = maps[i * per + p * 3] + maps[i * per + p * 3 + 1] + maps[i * per + p * 3 + 2];
      cells.push(await mapFigure(summed, size, `${esc(m)} (class ${r.targets[i]})`));
    }
    rows.push(`<div class="maprow examples">${cells.join('')}</div>`);
  }
  const table = `<table><tr><th>method</th><th>× input</th><th>zero-point suppression</th><th>lowest bin</th><th>Spearman ρ (|S|, distance)</th></tr>${methods
    .map((m) => {
      const v = r.methods[m];
      return `<tr><td>${esc(m)}</td><td>${v.timesInput ? 'yes' : 'no'}</td><td>${f(v.zeroPointSuppression)}</td><td>${f(v.lowestBin, 2)}</td><td>${f(v.intensitySpearman)}${v.intensitySpearmanN !== undefined && v.intensitySpearmanN < r.names.length ? `<br><small>n = ${v.intensitySpearmanN} of ${r.names.length}</small>` : ''}</td></tr>`;
    })
    .join('')}</table>`;
  const binning = storedBinning(r);
  const counts = `<table class="bins"><tr><th>distance bin</th>${binning.bins.map((_, k) => `<th>[${binning.binEdges[k].toFixed(2)}, ${binning.binEdges[k + 1].toFixed(2)}${k === binning.bins.length - 1 ? ']' : ')'}</th>`).join('')}</tr><tr><td>elements</td>${binning.binCounts
    .map((n) => `<td${n < binning.minBinCount ? ' class="sparse"' : ''}>${n.toLocaleString('en')}</td>`)
    .join('')}</tr></table>`;
  const scatters = ['rectgrad', 'nobias-rectgrad'].filter((m) => m in r.scatter).map((m) => renderSvg(scatterOption(r, m), 420, 300));
  const body = `${headline(r)}
<p>Run ${esc(runId)} · ${esc(r.inspection.architecture)} · backend ${esc(r.backend.name)} · ${r.names.length} images${r.skipped.length > 0 ? ` (${r.skipped.length} skipped)` : ''}</p>
${r.inspection.kerasGraph ? `<p data-graph="${r.inspection.kerasGraph}">Keras ResNet ${esc(kerasGraphLine(r.inspection.kerasGraph, r.inspection.pooledSide))}.</p>` : ''}
<p>Preprocessing <b>${esc(preset.label)}</b>; its zero point (raw RGB in [0, 1]) is ${r.zeroPoint.map((v) => v.toFixed(3)).join(', ')}: RectGrad's final × input makes every element at it exactly 0.</p>
${r.notHonoured.map((l) => `<p><b>Note:</b> ${esc(l)}</p>`).join('')}
${table}
<p class="stamp">Distance d = |raw − zero point| per pixel channel, in ${r.bins.length} bins of [0, 1]. Zero-point suppression = mean |S| over elements with d &lt; ${(1 / r.bins.length).toFixed(2)} ÷ mean |S| over all (pooled over images; 0 = blind at the zero point). Lowest bin = centre of the bin with the lowest mean |S| among bins with at least ${binning.minBinCount.toLocaleString('en')} elements (${esc(binRuleText(binning.bins.length, binning.minBinCount))}; bins with fewer are marked below and drawn as hollow points off the curves; an empty bin is a gap). Spearman ρ between Σ<sub>c</sub>|S| and the pixel's mean d, median over the images where it is defined (a cell shows n when a constant map, e.g. all zero, had none).</p>
${counts}
${renderSvg(binnedOption(r), 760, 380)}
<div class="row">${scatters.join('')}</div>
<h2>Example maps</h2>
<p class="stamp">Colour: ${esc(describeScale(DEFAULT_SCALE))} (blue negative, white 0, red positive; the bar under each map gives its range); channels summed.</p>
${rows.join('\n')}`;
  return { title: run.name, heading: 'Experiment 3: the zero point of the preprocessing', figure: 'Fig. 3', body, css: RESNET50_CSS };
}

/** The few styles only this report's sections use (the bin table and the scatter row). */
const RESNET50_CSS = '.row{display:flex;flex-wrap:wrap;gap:8px}.bins td,.bins th{font-size:12px;text-align:right}.maprow.examples{flex-wrap:wrap;gap:10px}.maprow.examples figure{flex:0 0 120px;max-width:120px}';
