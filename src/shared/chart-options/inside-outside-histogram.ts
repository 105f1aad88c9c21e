/**
 * ECharts option for Fig. 1c: the distribution of per-map normalised scores inside vs outside the box,
 * as fractions of each region's pixels (so the small box is visible next to the large background),
 * on fixed bin edges over [−1, 1].
 */
export interface HistogramInput {
  edges: readonly number[];
  inside: readonly number[];
  outside: readonly number[];
  title: string;
}

export function insideOutsideHistogramOption(h: HistogramInput, opts: { animation?: boolean; dark?: boolean } = {}): Record<string, unknown> {
  const norm = (v: readonly number[]) => {
    const t = v.reduce((a, b) => a + b, 0) || 1;
    return v.map((x) => x / t);
  };
  // Categories are labelled by their left edge; every 10th label shows −1, −0.5, 0, 0.5.
  const starts = h.edges.slice(0, -1).map((e) => +e.toFixed(3));
  const text = opts.dark ? '#ddd' : '#333';
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: text },
    title: { text: h.title, left: 'center', textStyle: { fontSize: 13, color: text } },
    tooltip: { trigger: 'axis' },
    // Generous gaps: server-side rendering estimates text widths with narrower metrics than the DejaVu
    // Sans a report is often read in. The y name runs along the axis so it never meets the title.
    legend: { bottom: 0, itemGap: 18, textStyle: { color: text } },
    grid: { left: 58, right: 12, top: 30, bottom: 58 },
    xAxis: { type: 'category', data: starts, name: 'S / max|S|', nameLocation: 'middle', nameGap: 24, axisLabel: { interval: 9 } },
    yAxis: { type: 'value', name: 'fraction of pixels', nameLocation: 'middle', nameGap: 40 },
    series: [
      { name: 'inside box', type: 'bar', data: norm(h.inside), itemStyle: { color: '#d6604d' }, barGap: '0%' },
      { name: 'outside box', type: 'bar', data: norm(h.outside), itemStyle: { color: '#4393c3', opacity: 0.8 } },
    ],
  };
}
