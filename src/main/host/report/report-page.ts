/**
 * The page every experiment's report.html is built on: one style sheet (screen and print), the title
 * block, and the small formatting helpers the sections share, so reports of different kinds read alike.
 */
import type { Spread } from '../../../shared/run.ts';
import { COLOUR_BAR_CSS } from './map-figure.ts';

export const esc = (s: unknown) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
export const f = (v: number | null | undefined, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');

/** Median [IQR]; and how many of the `images` had a defined value when not all did (issue 7). */
export const spreadCell = (s: Spread, d = 3, images?: number) =>
  `${f(s.median, d)}<br><span class="iqr">[${f(s.q1, d)}–${f(s.q3, d)}]${typeof s.n === 'number' && s.n !== images ? `<br>n = ${s.n}` : ''}</span>`;

export const kv = (rows: Array<[string, unknown]>) => `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;

export const REPORT_CSS = `
body{font:14px/1.45 system-ui,-apple-system,"DejaVu Sans",sans-serif;color:#222;max-width:1100px;margin:24px auto;padding:0 20px}
h1{font-size:22px;margin-bottom:2px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666}.headline{background:#f5f7fa;border-left:4px solid #4393c3;padding:10px 14px}
table{border-collapse:collapse;margin:8px 0}td,th{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
table.metrics{font-size:12px;width:100%}table.metrics td{text-align:right;white-space:nowrap}table.metrics th{font-size:11.5px}table.metrics td.fx{text-align:center;color:#555}.iqr{color:#888;font-size:12px}.tag{font-size:11px;background:#eee;border-radius:3px;padding:0 4px}
.kv th{color:#555;font-weight:600;width:190px}.grid{display:flex;flex-wrap:wrap;gap:8px}
.maprow{display:flex;gap:6px;margin-bottom:6px}.maprow figure{flex:1 1 0;min-width:0;max-width:150px}figure{margin:0;text-align:center;font-size:11px;color:#444}figure img{width:100%;height:auto;aspect-ratio:1;image-rendering:pixelated;display:block}
.strip img{aspect-ratio:auto}
.stamp{font-size:12px;color:#555}.sparse{color:#b45309}.cols{display:flex;gap:24px;flex-wrap:wrap}.cols>div{flex:1;min-width:320px}
${COLOUR_BAR_CSS}
.provenance{font-size:11px;color:#444;margin:8px 0}.provenance summary{cursor:pointer;color:#555}.prov th{width:130px}.prov td{word-break:break-all}
@media print{body{margin:0;max-width:none}.maprow,figure,svg,table.metrics,.headline,.colour-bar{break-inside:avoid}h2,h3{break-after:avoid}.stamp{break-before:avoid}.grid>*{break-inside:avoid}}
`;

/** A report page; `subject` names what it reports on when that is not one run (a batch). */
export function reportPage(p: { title: string; heading: string; runId: string; subject?: string; figure: string; body: string; css?: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Saliency Bias Lab report — ${esc(p.title)}</title>
<style>${REPORT_CSS}${p.css ?? ''}</style></head><body>
<h1>${esc(p.heading)}</h1>
<div class="sub">Saliency Bias Lab · ${esc(p.subject ?? `run ${p.runId}`)} · ${esc(new Date().toISOString().slice(0, 19).replace('T', ' '))} UTC · Brocki &amp; Chung (2020), ${esc(p.figure)}</div>
${p.body}
</body></html>`;
}
