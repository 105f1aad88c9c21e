/**
 * The sweep panel of src/shared/chart-options/sweep-panel.ts with RectGrad's suppressed band shaded
 * (the bin where its level, relative to No-Bias RectGrad's, is lowest), and the numbers of the
 * zero-point table: for each preset, where the zero point, RectGrad's lowest bin and the band sit.
 */
import { sweepPanelOption } from '../../../shared/chart-options/sweep-panel.ts';
import { chartTheme } from '../../../shared/chart-options/chart-theme.ts';
import { PREPROCESSING_PRESETS, type PreprocessingId } from '../../../shared/preprocessing.ts';
import type { SweepPanel } from '../../../shared/sweep.ts';

/** [from, to] of the bin centred at `centre` (bins of width 1/(B − 1) centred at 0 … 1), clipped to [0, 1]. */
export function binRange(centre: number, binCount: number): [number, number] {
  const half = binCount > 1 ? 0.5 / (binCount - 1) : 0.5;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function sweepBandOption(p: SweepPanel, opts: { dark?: boolean; animation?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const base = sweepPanelOption(p, { ...opts, title: `${PREPROCESSING_PRESETS[p.preset].label}${p.own ? ' · trained on' : ' · same model'}` });
  const series = base.series as Array<Record<string, unknown>>;
  if (p.suppressedBin !== null) {
    const [a, b] = binRange(p.suppressedBin, p.bins.length);
    series[0] = {
      ...series[0],
      markArea: { silent: true, itemStyle: { color: opts.dark ? 'rgba(255,123,114,0.18)' : 'rgba(214,39,40,0.12)' }, data: [[{ xAxis: a }, { xAxis: b }]] },
    };
  }
  // What the marks are, under the title (labels inside the plot collided with the lines and the axis).
  const sub = `zero point ${p.zeroPoint.toFixed(3)} (dashed) · RectGrad's suppressed band ${p.suppressedBin === null ? '–' : p.suppressedBin.toFixed(2)} (shaded)`;
  const title = base.title as Record<string, unknown>;
  const tooltip = base.tooltip as Record<string, unknown>;
  return {
    ...base,
    series,
    title: { ...title, subtext: sub, itemGap: 4, subtextStyle: { color: t.muted, fontSize: 11.5 } },
    grid: { ...(base.grid as Record<string, unknown>), top: 56 },
    tooltip: {
      ...tooltip,
      formatter: (ps: Array<{ dataIndex: number; seriesName: string; value: [number, number | null]; marker: string }>) => {
        const k = ps[0]?.dataIndex ?? 0;
        const head = `raw value ${p.bins[k].toFixed(2)} · n = ${(p.counts[k] ?? 0).toLocaleString('en')} elements`;
        return [head, ...ps.map((x) => `${x.marker}${x.seriesName}: ${x.value[1] === null ? '–' : `${x.value[1].toFixed(3)} × its mean`}`)].join('<br>');
      },
    },
  };
}

export interface ZeroPointRow {
  preset: PreprocessingId;
  label: string;
  own: boolean;
  zeroPoint: number;
  zeroPointRgb: [number, number, number];
  zeroPointBin: number;
  rectLowest: number;
  nobiasLowest: number;
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
