/**
 * The report's section for the suppressed-point sweep (issue 9), from runs/<id>/sweep.json: one chart
 * per preset and the numbers at each zero point, each panel named as what it is (a measurement under the
 * model's own preprocessing, or an illustration of x ⊙ R under another), with the elements per bin.
 * Empty when the run has no sweep. The sweep kind attaches it to its run's report (reportSection).
 */
import { binRuleText } from '../../../../shared/binning.ts';
import { sweepPanelOption } from '../../../../shared/chart-options/sweep-panel.ts';
import { PREPROCESSING_PRESETS } from '../../../../shared/preprocessing.ts';
import { SWEEP_EVIDENCE_TEXT } from '../../../../shared/sweep.ts';
import { readSweepFile } from './sweep-file.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { esc, f } from '../../report/report-page.ts';


export async function sweepSection(runDir: string): Promise<string> {
  const file = await readSweepFile(runDir);
  if (file === null) return '';
  const rows = file.panels.map((p) => {
    const k = p.bins.indexOf(p.zeroPointBin);
    const rect = p.methods.rectgrad;
    const nobias = p.methods['nobias-rectgrad'];
    return `<tr data-evidence="${p.evidence}"><th>${esc(PREPROCESSING_PRESETS[p.preset].label)} <span class="tag" title="${esc(SWEEP_EVIDENCE_TEXT[p.evidence])}">${p.evidence === 'measurement' ? 'measurement (trained on)' : 'illustration (not trained on)'}</span></th><td>${f(p.zeroPoint)}</td><td>${f(rect.lowestBin, 2)}</td><td>${f(p.suppressedBin, 2)}</td><td>${f(rect.relative[k])}</td><td>${f(nobias.relative[k])}</td><td>${p.counts.map((n) => (n < p.minBinCount ? `<span class="sparse">${n}</span>` : String(n))).join(' ')}</td></tr>`;
  });
  const charts = file.panels.map((p) => renderSvg(sweepPanelOption(p), 380, 270));
  const first = file.panels[0];
  return `<h2>Suppressed-point sweep (${file.indices.length} test images with a box)</h2>
<table class="metrics"><tr><th>preset</th><th>zero point</th><th>RectGrad lowest |S| bin</th><th>suppressed band (vs No-Bias)</th><th>RectGrad at zero point, × own mean</th><th>No-Bias at zero point, × own mean</th><th>elements per bin</th></tr>${rows.join('')}</table>
<div class="grid">${charts.join('')}</div>
<p class="stamp">Mean |S| per bin of the raw input value of each element (pixel channel, [0, 1]), ${esc(binRuleText(file.binCount, first.minBinCount))} (bins with fewer elements are hollow points off the curves; bars: elements per bin); relative to each method's own mean; "box" logit, q = ${f(file.options.q, 0)}. Only the panel of the preprocessing the model was trained on is a measurement. The others feed the same model another scaling of the same images: they are illustrations of x ⊙ R, showing where the final × input puts its blind spot, not measurements of what a model trained on that preset would do.</p>`;
}
