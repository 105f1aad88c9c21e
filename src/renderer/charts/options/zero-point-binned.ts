/**
 * Experiment 3: mean |S| by distance to the preprocessing's zero point, one line per method, each divided
 * by the method's own mean over all elements (so methods of different magnitude share an axis; 1 = the
 * method's average). RectGrad's final × input drives the first bin (d < 1/B) towards 0; the band marks it.
 */
import type { ModelRunResults } from '../../../shared/lab-api.ts';
import { RUN_PALETTE, axisStyle, chartTheme, tooltipStyle } from '../../../shared/chart-options/chart-theme.ts';

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

export function zeroPointBinnedOption(r: Pick<ModelRunResults, 'bins' | 'methods' | 'preset'>, opts: { dark?: boolean; animation?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const width = r.bins.length > 0 ? 1 / r.bins.length : 0.1;
  // Distances end where the data does (caffe's zero point sits mid-range: nothing is farther than ~0.6).
  let last = 0;
  for (const m of r.methods) {
    m.meanAbsS.forEach((v, k) => {
      if (v !== null) last = Math.max(last, k);
    });
  }
  const xMax = Math.min(1, +((last + 1) * width).toFixed(4));
  const colours = (m: string, i: number) => (m === 'rectgrad' ? t.series[1] : m === 'nobias-rectgrad' ? t.series[0] : RUN_PALETTE[(i + 2) % RUN_PALETTE.length]);
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    title: { text: `Mean |S| by distance to the zero point (${r.preset}), ÷ each method's mean`, left: 8, top: 4, textStyle: { fontSize: 13, color: t.text } },
    tooltip: {
      trigger: 'axis',
      ...tooltipStyle(t),
      valueFormatter: (v: number | null) => (v === null || v === undefined ? '– (no elements)' : `${v.toFixed(3)} × its mean`),
    },
    legend: { bottom: 0, type: 'scroll', itemGap: 14, textStyle: { color: t.text } },
    grid: { left: 58, right: 18, top: 40, bottom: 64 },
    xAxis: { type: 'value', min: 0, max: xMax, name: 'distance to the zero point |raw − z| (pixel units, per channel)', nameLocation: 'middle', nameGap: 26, ...axisStyle(t) },
    yAxis: { type: 'value', min: 0, name: 'mean |S| ÷ own mean', nameLocation: 'middle', nameGap: 40, ...axisStyle(t) },
    series: r.methods.map((m, i) => ({
      name: m.method,
      type: 'line',
      data: r.bins.map((b, k) => [+b.toFixed(4), relativeBins(m.meanAbsS, m.counts)[k]]),
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
  };
}
