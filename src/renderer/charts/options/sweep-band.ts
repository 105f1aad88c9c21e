/**
 * The sweep panel of src/shared/chart-options/sweep-panel.ts with RectGrad's suppressed band shaded
 * (the bin where its level, relative to No-Bias RectGrad's, is lowest), and the numbers of the
 * zero-point table: for each preset, where the zero point, RectGrad's lowest bin and the band sit, and
 * whether the panel is a measurement or an illustration.
 */
import { sweepPanelOption, sweepPanelTitle } from '../../../shared/chart-options/sweep-panel.ts';
import { chartTheme } from '../../../shared/chart-options/chart-theme.ts';
import { PREPROCESSING_PRESETS, type PreprocessingId } from '../../../shared/preprocessing.ts';
import type { SweepEvidence, SweepPanel } from '../../../shared/sweep.ts';

/** [from, to] of the bin centred at `centre`, from the panel's edges (src/shared/binning.ts). */
export function binRange(centre: number, edges: readonly number[]): [number, number] {
  let k = 0;
  while (k < edges.length - 2 && !(centre < edges[k + 1])) k++;
  return [edges[k], edges[k + 1]];
}

/** The bin whose centre is nearest `x` (an axis value under the pointer). */
function binAt(bins: readonly number[], x: number): number {
  let best = 0;
  bins.forEach((b, k) => {
    if (Math.abs(b - x) < Math.abs(bins[best] - x)) best = k;
  });
  return best;
}

/**
 * Where the title, its subtitle and the plot sit (px from the panel's top): the title's line is given a
 * height of its own and a top baseline, so the subtitle starts below the title's descenders whatever the
 * font (ECharts reads a numeric `top` as the text baseline and measures a line as one font size high, and
 * the two lines overlapped), and the plot starts below the subtitle with room for its top tick label.
 */
export const SWEEP_TITLE_LAYOUT = {
  title: { top: 4, textVerticalAlign: 'top', itemGap: 4, textStyle: { fontSize: 13, lineHeight: 18 } },
  subtextLineHeight: 16,
  /** 4 + 18 + 4 + 16 = 42 for the two lines, then half a tick label and a gap. */
  gridTop: 62,
  gridRight: 60,
  countNameGap: 44,
} as const;

export function sweepBandOption(p: SweepPanel, opts: { dark?: boolean; animation?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  // The preset's id, not its long label: the title must fit a 420 px panel (the table gives the label).
  const base = sweepPanelOption(p, { ...opts, title: sweepPanelTitle(p) });
  const series = base.series as Array<Record<string, unknown>>;
  if (p.suppressedBin !== null) {
    const [a, b] = binRange(p.suppressedBin, p.binEdges);
    series[0] = {
      ...series[0],
      markArea: { silent: true, itemStyle: { color: opts.dark ? 'rgba(255,123,114,0.18)' : 'rgba(214,39,40,0.12)' }, data: [[{ xAxis: a }, { xAxis: b }]] },
    };
  }
  // What the marks are, under the title (labels inside the plot collided with the lines, the bar counts
  // and the axis): the dashed line carries no label of its own.
  const sub = `zero point ${p.zeroPoint.toFixed(3)} (dashed) · RectGrad's suppressed band ${p.suppressedBin === null ? '–' : p.suppressedBin.toFixed(2)} (shaded)`;
  const markLine = series[0].markLine as Record<string, unknown> | undefined;
  if (markLine) series[0] = { ...series[0], markLine: { ...markLine, label: { show: false } } };
  const title = base.title as Record<string, unknown>;
  const tooltip = base.tooltip as Record<string, unknown>;
  const [valueAxis, countAxis] = base.yAxis as Array<Record<string, unknown>>;
  return {
    ...base,
    series,
    title: { ...title, ...SWEEP_TITLE_LAYOUT.title, textStyle: { ...(title.textStyle as Record<string, unknown>), ...SWEEP_TITLE_LAYOUT.title.textStyle }, subtext: sub, subtextStyle: { color: t.muted, fontSize: 11.5, lineHeight: SWEEP_TITLE_LAYOUT.subtextLineHeight } },
    grid: { ...(base.grid as Record<string, unknown>), top: SWEEP_TITLE_LAYOUT.gridTop, right: SWEEP_TITLE_LAYOUT.gridRight },
    // The count axis's name in two words (the legend says which bins are too thin for "lowest"), clear of
    // its tick labels ("100k") and no longer than the plot is high.
    yAxis: [valueAxis, { ...countAxis, name: 'elements per bin', nameGap: SWEEP_TITLE_LAYOUT.countNameGap }],
    tooltip: {
      ...tooltip,
      // From the panel, not the hovered series: the count bars and the hollow points share the axis.
      formatter: (ps: Array<{ axisValue: number; seriesName: string; marker: string }>) => {
        const k = binAt(p.bins, Number(ps[0]?.axisValue ?? 0));
        const n = p.counts[k] ?? 0;
        const head = `raw value ${p.bins[k].toFixed(2)} [${p.binEdges[k].toFixed(2)}, ${p.binEdges[k + 1].toFixed(2)}) · n = ${n.toLocaleString('en')} elements${n > 0 && n < p.minBinCount ? ` (below ${p.minBinCount.toLocaleString('en')}: not used for "lowest")` : ''}`;
        const marker = (m: string) => ps.find((x) => x.seriesName === m)?.marker ?? '';
        const rel = (v: number | null | undefined) => (v === null || v === undefined ? '– (no elements)' : `${v.toFixed(3)} × its mean`);
        return [head, ...(['rectgrad', 'nobias-rectgrad'] as const).map((m) => `${marker(m)}${m}: ${rel(p.methods[m].relative[k])}`)].join('<br>');
      },
    },
  };
}

export interface ZeroPointRow {
  preset: PreprocessingId;
  label: string;
  own: boolean;
  evidence: SweepEvidence;
  zeroPoint: number;
  zeroPointRgb: [number, number, number];
  zeroPointBin: number;
  rectLowest: number | null;
  nobiasLowest: number | null;
  suppressedBin: number | null;
  /** RectGrad's and No-Bias RectGrad's mean |S| in the zero point's bin ÷ their own means. */
  rectAtZero: number | null;
  nobiasAtZero: number | null;
  /** RectGrad's suppression lands on the zero point's bin. */
  atZeroPoint: boolean;
}

export function zeroPointRows(panels: readonly SweepPanel[]): ZeroPointRow[] {
  return panels.map((p) => {
    const k = p.bins.indexOf(p.zeroPointBin);
    return {
      preset: p.preset,
      label: PREPROCESSING_PRESETS[p.preset].label,
      own: p.own,
      evidence: p.evidence,
      zeroPoint: p.zeroPoint,
      zeroPointRgb: p.zeroPointRgb,
      zeroPointBin: p.zeroPointBin,
      rectLowest: p.methods.rectgrad.lowestBin,
      nobiasLowest: p.methods['nobias-rectgrad'].lowestBin,
      suppressedBin: p.suppressedBin,
      rectAtZero: k >= 0 ? p.methods.rectgrad.relative[k] : null,
      nobiasAtZero: k >= 0 ? p.methods['nobias-rectgrad'].relative[k] : null,
      atZeroPoint: p.suppressedBin !== null && Math.abs(p.suppressedBin - p.zeroPointBin) < 1e-9,
    };
  });
}
