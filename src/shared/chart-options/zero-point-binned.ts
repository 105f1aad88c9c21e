/**
 * Experiment 3: mean |S| by distance to the preprocessing's zero point, one line per method, each divided
 * by the method's own mean over all elements (so methods of different magnitude share an axis; 1 = the
 * method's average). RectGrad's final × input drives the first bin (d < 1/B) towards 0; the band marks it.
 * The elements per bin stand under the curves; bins below the run's minimum count are hollow points off
 * the line (src/shared/chart-options/bin-counts.ts), empty bins are gaps.
 */
import type { ModelRunResults } from '../lab-api.ts';
import { binCountSeries, countAxis, sparseBinsSeries, splitByCount } from './bin-counts.ts';
import { AXIS_NAME_GAP, GRID_MARGIN, RUN_PALETTE, axisStyle, chartTheme, tooltipStyle } from './chart-theme.ts';
import { legendExtra } from './legend-rows.ts';

/** Mean |S| per bin ÷ the method's mean over every element; null where a bin is empty. */
export function relativeBins(meanAbsS: ReadonlyArray<number | null>, counts: readonly number[]): Array<number | null> {
  let sum = 0;
  let n = 0;
  meanAbsS.forEach((v, k) => {
    if (v !== null) {
      sum += v * counts[k];
      n += counts[k];
    }
  });
  const all = n > 0 ? sum / n : NaN;
  return meanAbsS.map((v) => (v === null || !(all > 0) ? null : v / all));
}

export function zeroPointBinnedOption(r: Pick<ModelRunResults, 'bins' | 'binEdges' | 'binCounts' | 'minBinCount' | 'methods' | 'preset'>, opts: { dark?: boolean; animation?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const width = r.binEdges.length > 1 ? r.binEdges[1] - r.binEdges[0] : 0.1;
  // Distances end where the data does (caffe's zero point sits mid-range: nothing is farther than ~0.6).
  let last = 0;
  r.binCounts.forEach((n, k) => {
    if (n > 0) last = k;
  });
  const xMax = Math.min(1, +(r.binEdges[last + 1] ?? 1).toFixed(4));
  const relative = r.methods.map((m) => relativeBins(m.meanAbsS, m.counts));
  const sparse: Array<[number, number]> = [];
  const lines = relative.map((rel) => {
    const split = splitByCount(r.bins.map((b) => +b.toFixed(4)), rel, r.binCounts, r.minBinCount);
    sparse.push(...split.sparse);
    return split.line;
  });
  const legendNames = [...r.methods.map((m) => m.method), ...(sparse.length > 0 ? [sparseBinsSeries([], r.minBinCount, t).name as string] : [])];
  const colours = (m: string, i: number) => (m === 'rectgrad' ? t.series[1] : m === 'nobias-rectgrad' ? t.series[0] : RUN_PALETTE[(i + 2) % RUN_PALETTE.length]);
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    title: { text: `Mean |S| by distance to the zero point (${r.preset}), ÷ each method's mean`, left: 8, top: 4, textStyle: { fontSize: 13, color: t.text } },
    tooltip: {
      trigger: 'axis',
      ...tooltipStyle(t),
      // From the run, not the hovered series: the count bars and the hollow points share the axis.
      formatter: (ps: Array<{ axisValue: number; seriesName: string; marker: string; value: [number, number | null] }>) => {
        const k = Math.max(0, r.bins.findIndex((b) => Math.abs(b - Number(ps[0]?.axisValue ?? 0)) < 1e-6));
        const n = r.binCounts[k] ?? 0;
        const head = `d in [${r.binEdges[k]?.toFixed(2)}, ${r.binEdges[k + 1]?.toFixed(2)}) · n = ${n.toLocaleString('en')} elements${n > 0 && n < r.minBinCount ? ` (below ${r.minBinCount.toLocaleString('en')}: not used for "lowest")` : ''}`;
        const rows = r.methods.map((m, i) => {
          const v = relative[i][k];
          return `${ps.find((x) => x.seriesName === m.method)?.marker ?? ''}${m.method}: ${v === null || v === undefined ? '– (no elements)' : `${v.toFixed(3)} × its mean`}`;
        });
        return [head, ...rows].join('<br>');
      },
    },
    // A plain legend (a scrolling one hides methods on a printed page), the plot raised above its rows.
    legend: { bottom: 0, itemGap: 14, textStyle: { color: t.text }, data: legendNames },
    grid: { left: GRID_MARGIN.left, right: 56, top: 40, bottom: 64 + legendExtra(legendNames, 600) },
    xAxis: { type: 'value', min: 0, max: xMax, name: 'distance to the zero point |raw − z| (pixel units, per channel)', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, ...axisStyle(t) },
    yAxis: [{ type: 'value', min: 0, name: 'mean |S| ÷ own mean', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.y, ...axisStyle(t) }, countAxis(t, r.minBinCount)],
    series: [
      ...r.methods.map((m, i) => ({
        name: m.method,
        type: 'line',
        data: lines[i],
        z: 4,
        connectNulls: false,
        symbolSize: 5,
        lineStyle: { color: colours(m.method, i), width: m.method === 'rectgrad' || m.method === 'nobias-rectgrad' ? 2.5 : 1.5 },
        itemStyle: { color: colours(m.method, i) },
        ...(i === 0
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: opts.dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.06)' },
                label: { show: true, position: 'insideTop', color: t.muted, fontSize: 11, formatter: 'zero-point bin' },
                data: [[{ xAxis: 0 }, { xAxis: width }]],
              },
            }
          : {}),
      })),
      ...(sparse.length > 0 ? [sparseBinsSeries(sparse, r.minBinCount, t)] : []),
      // Bars up to the last non-empty bin, where the axis ends.
      binCountSeries(r.bins.slice(0, last + 1).map((b) => +b.toFixed(4)), r.binCounts.slice(0, last + 1), r.minBinCount, t),
    ],
  };
}
