/**
 * What every binned curve ("mean |S| by input value", src/shared/binning.ts) adds so that its reader sees
 * how many elements each point rests on: a faint bar per bin on a right-hand log axis, labelled with its
 * count; bins below the run's minimum count in the warning colour. Their curve points are drawn hollow and
 * left out of the line, so a bin of one element cannot make the curve dive to 0; an empty bin is a gap.
 */
import type { ChartTheme } from './chart-theme.ts';

/** 14615 → "14.6k", 1 → "1". */
export function compactCount(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e4) return `${+(n / 1e3).toPrecision(3)}k`;
  return String(n);
}

/**
 * One curve split at the minimum count: `line` has the values of bins with enough elements (null
 * elsewhere: a gap), `sparse` the points of non-empty bins below the minimum.
 */
export function splitByCount(bins: readonly number[], values: ReadonlyArray<number | null>, counts: readonly number[], minCount: number): { line: Array<[number, number | null]>; sparse: Array<[number, number]> } {
  const line: Array<[number, number | null]> = [];
  const sparse: Array<[number, number]> = [];
  bins.forEach((b, k) => {
    const v = values[k] ?? null;
    const enough = (counts[k] ?? 0) >= minCount;
    line.push([b, v !== null && enough ? v : null]);
    if (v !== null && !enough) sparse.push([b, v]);
  });
  return { line, sparse };
}

/** The hollow points of bins below the minimum, all curves in one series (one legend entry). */
export function sparseBinsSeries(points: Array<[number, number]>, minCount: number, t: ChartTheme): Record<string, unknown> {
  return {
    name: `bins with < ${compactCount(minCount)} elements`,
    type: 'scatter',
    data: points,
    symbol: 'emptyCircle',
    symbolSize: 7,
    itemStyle: { color: t.muted, borderColor: t.muted },
    z: 3,
  };
}

/** The right-hand axis of the counts (log: 1 and 14,615 on one chart); its name states the minimum. */
export function countAxis(t: ChartTheme, minCount: number): Record<string, unknown> {
  return {
    type: 'log',
    min: 1,
    position: 'right',
    name: `elements per bin ("lowest" needs ≥ ${compactCount(minCount)})`,
    nameLocation: 'middle',
    nameGap: 38,
    nameTextStyle: { color: t.muted },
    axisLabel: { color: t.muted, formatter: (v: number) => compactCount(v) },
    splitLine: { show: false },
    axisLine: { show: false },
  };
}

/** Bars of the elements per bin on `yAxisIndex`, each labelled with its count (0 for an empty bin). */
export function binCountSeries(bins: readonly number[], counts: readonly number[], minCount: number, t: ChartTheme, yAxisIndex = 1): Record<string, unknown> {
  const warn = t.series[3];
  return {
    name: 'elements per bin',
    type: 'bar',
    yAxisIndex,
    barWidth: '70%',
    silent: true,
    z: 1,
    // Height 0 for 0 and 1 on a log axis starting at 1; the label carries the count.
    // A translucent fill (not item opacity, which would fade the count labels too).
    data: bins.map((b, k) => ({
      value: [b, Math.max(1, counts[k] ?? 0)],
      itemStyle: { color: `${(counts[k] ?? 0) >= minCount ? t.axis : warn}40` },
      label: { color: (counts[k] ?? 0) >= minCount ? t.muted : warn },
    })),
    label: { show: true, position: 'top', fontSize: 9, formatter: (p: { dataIndex: number }) => compactCount(counts[p.dataIndex] ?? 0) },
  };
}
