/**
 * The report's section for the suppressed-point sweep (issue 9), from runs/<id>/sweep.json: one chart
 * per preset and the numbers at each zero point. Empty when the run has no sweep.
 */
import { sweepPanelOption } from '../../../shared/chart-options/sweep-panel.ts';
import { PREPROCESSING_PRESETS } from '../../../shared/preprocessing.ts';
import { readSweepFile } from '../experiments/sweep/sweep-file.ts';
import { renderSvg } from './render-svg.ts';

const esc = (s: unknown) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const f = (v: number | null | undefined, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');

export function sweepSection(runDir: string): string {
  const file = readSweepFile(runDir);
  if (file === null) return '';
  const rows = file.panels.map((p) => {
    const k = p.bins.indexOf(p.zeroPointBin);
    const rect = p.methods.rectgrad;
    const nobias = p.methods['nobias-rectgrad'];
    return `<tr><th>${esc(PREPROCESSING_PRESETS[p.preset].label)}${p.own ? ' <span class="tag">trained on</span>' : ''}</th><td>${f(p.zeroPoint)}</td><td>${f(rect.lowestBin, 2)}</td><td>${f(p.suppressedBin, 2)}</td><td>${f(rect.relative[k])}</td><td>${f(nobias.relative[k])}</td></tr>`;
  });
  const charts = file.panels.map((p) => renderSvg(sweepPanelOption(p), 360, 250));
  return `<h2>Suppressed-point sweep (${file.indices.length} test images with a box)</h2>
<table class="metrics"><tr><th>preset</th><th>zero point</th><th>RectGrad lowest |S| bin</th><th>suppressed band (vs No-Bias)</th><th>RectGrad at zero point, × own mean</th><th>No-Bias at zero point, × own mean</th></tr>${rows.join('')}</table>
<div class="grid">${charts.join('')}</div>
<p class="stamp">Mean |S| per bin of the raw input value of each element (pixel channel, [0, 1]), ${file.binCount} bins centred at 0 … 1, relative to each method's own mean; "box" logit, q = ${f(file.options.q, 0)}. The model was trained on its own preset only: the other panels feed it another scaling of the same images, so they show where the final × input puts its blind spot, not what a model retrained on that preset would do.</p>`;
}
