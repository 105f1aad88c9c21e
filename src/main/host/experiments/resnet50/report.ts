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
import { binCountSeries, countAxis, sparseBinsSeries, splitByCount } from '../../../../shared/chart-options/bin-counts.ts';
import { RUN_PALETTE, chartTheme } from '../../../../shared/chart-options/chart-theme.ts';
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

/** Levels on a log axis (a level of exactly 0 is drawn at 10⁻⁶); empty bins are gaps, sparse bins hollow points; counts as bars. */
export function binnedOption(r: Stored): Record<string, unknown> {
  const t = chartTheme(false);
  const { binCounts, minBinCount } = storedBinning(r);
  const sparse: Array<[number, number]> = [];
  const lines = Object.entries(r.methods).map(([m, v], i) => {
    const all = v.meanAbsS.reduce<number>((a, x, k) => a + (x ?? 0) * v.counts[k], 0) / Math.max(1, v.counts.reduce((a, b) => a + b, 0));
    const levels = v.meanAbsS.map((x) => (x === null || !(all > 0) ? null : Math.max(1e-6, x / all)));
    const split = splitByCount(r.bins, levels, binCounts, minBinCount);
    sparse.push(...split.sparse);
    return { name: m, type: 'line', color: RUN_PALETTE[i % RUN_PALETTE.length], data: split.line, connectNulls: false, z: 4 };
  });
  return {
    animation: false,
    title: { text: 'Mean |S| by distance to the zero point (÷ the map’s mean)', left: 'center', textStyle: { fontSize: 13 } },
    legend: { bottom: 0 },
    grid: { left: 60, right: 60, top: 40, bottom: 70 },
    xAxis: { type: 'value', name: '|raw − zero point| (pixel units)', nameLocation: 'middle', nameGap: 28, min: 0, max: 1 },
    yAxis: [{ type: 'log', name: 'relative mean |S|' }, countAxis(t, minBinCount)],
    series: [...lines, ...(sparse.length > 0 ? [sparseBinsSeries(sparse, minBinCount, t)] : []), binCountSeries(r.bins, binCounts, minBinCount, t)],
  };
}

function scatterOption(r: Stored, method: string): Record<string, unknown> {
  const pts = r.scatter[method]?.[0] ?? { x: [], s: [] };
  return {
    animation: false,
    title: { text: `Fig. 3b: ${method}, image 1`, subtext: scatterSubsampleText(pts.x.length, r.size * r.size), left: 'center', textStyle: { fontSize: 13 } },
    grid: { left: 60, right: 20, top: 52, bottom: 50 },
    xAxis: { type: 'value', name: 'preprocessed input (channel mean)', nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: 'S (summed over channels)', scale: true },
    series: [
      {
        type: 'scatter',
        symbolSize: 2,
        data: pts.x.map((x, i) => [x, pts.s[i]]),
        markLine: { symbol: 'none', label: { formatter: 'zero point' }, lineStyle: { color: '#e03e3e' }, data: [{ xAxis: 0 }] },
      },
    ],
  };
}

export async function resnet50Report(ws: Workspace, runId: string): Promise<ReportContent> {
  const run = ws.readRun(runId);
  const runDir = ws.runDir(runId);
  const r = readRunJson<Stored>(runDir, 'model-maps.json', 'model maps file');
  const preset = PREPROCESSING_PRESETS[r.preset];
  const classes = r.inspection.outputCount;
  const methods = Object.keys(r.methods);
  const inputs = readRunNpy(runDir, 'inputs.npy').data;
  const size = r.size;
  const per = size * size * 3;
  const rows: string[] = [];
  for (let i = 0; i < Math.min(EXAMPLES, r.names.length); i++) {
    const rgb = new Uint8Array(per);
    for (let k = 0; k < per; k++) rgb[k] = Math.round(255 * Math.min(1, Math.max(0, inputs[i * per + k])));
    const top = r.top5[i].map((t) => `${t.index}${className(t.index, classes) ? ` ${className(t.index, classes)}` : ''} ${(100 * t.probability).toFixed(1)}%`).join('<br>');
    const cells = [`<figure><img src="${await inputImagePng(rgb, size, null)}" width="${size}"><figcaption>${esc(r.names[i])}<br><small>${top}</small></figcaption></figure>`];
    for (const m of methods) {
      const maps = readRunNpy(runDir, `saliency/${m}.npy`).data;
      const summed = new Float32Array(size * size);
      for (let p = 0; p < size * size; p++) summed[p] = maps[i * per + p * 3] + maps[i * per + p * 3 + 1] + maps[i * per + p * 3 + 2];
      cells.push(await mapFigure(summed, size, `${esc(m)} (class ${r.targets[i]})`, size));
    }
    rows.push(`<div class="row">${cells.join('')}</div>`);
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
  const body = `<p>Run ${esc(runId)} · ${esc(r.inspection.architecture)} · backend ${esc(r.backend.name)} · ${r.names.length} images${r.skipped.length > 0 ? ` (${r.skipped.length} skipped)` : ''}</p>
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
const RESNET50_CSS = '.row{display:flex;flex-wrap:wrap;gap:8px}.bins td,.bins th{font-size:12px;text-align:right}';
