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
      markArea: {
        silent: true,
        itemStyle: { color: opts.dark ? 'rgba(255,123,114,0.16)' : 'rgba(214,39,40,0.10)' },
        label: { show: true, position: 'insideBottom', color: t.series[1], fontSize: 11, formatter: `suppressed band ${p.suppressedBin.toFixed(2)}` },
        data: [[{ xAxis: a }, { xAxis: b }]],
      },
    };
  }
  return { ...base, series };
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
