/** ECharts option for Fig. 2b/3b-style scatter: pixel intensity against saliency, zero point marked. */
export function intensityScatterOption(points: Array<[number, number]>, title: string, zeroPoint = 0, opts: { dark?: boolean } = {}): Record<string, unknown> {
  const text = opts.dark ? '#ddd' : '#333';
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: text },
    title: { text: title, left: 'center', textStyle: { fontSize: 13, color: text } },
    grid: { left: 56, right: 16, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: 'pixel intensity (channel mean)', nameLocation: 'middle', nameGap: 26, min: 0, max: 1 },
    yAxis: { type: 'value', name: 'saliency (channel sum)', scale: true },
    series: [
      { type: 'scatter', symbolSize: 3, data: points, itemStyle: { color: '#d6604d', opacity: 0.5 }, markLine: { silent: true, symbol: 'none', lineStyle: { color: '#888', type: 'dashed' }, data: [{ xAxis: zeroPoint }] } },
    ],
  };
}
