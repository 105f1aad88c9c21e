/**
 * ECharts option for Fig. 2b / 3b: every pixel of one image as a point, its input value (mean of the
 * channels, model space) against its saliency (map summed over channels), with the preprocessing's zero
 * point marked: RectGrad's × input pins every point on that line to S = 0. Thousands of points are drawn
 * with ECharts' large mode so the chart stays smooth.
 */
import { AXIS_NAME_GAP, GRID_MARGIN, axisStyle, chartTheme, tooltipStyle } from './chart-theme.ts';

export function pixelSaliencyScatterOption(
  input: { x: ArrayLike<number>; s: ArrayLike<number>; title: string; subtitle?: string; zeroPoint?: number; xName?: string },
  opts: { animation?: boolean; dark?: boolean; color?: string; yRange?: [number, number] } = {},
): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const data: Array<[number, number]> = new Array(input.x.length);
  for (let i = 0; i < input.x.length; i++) data[i] = [+input.x[i].toFixed(4), +input.s[i].toPrecision(4)];
  const zero = input.zeroPoint ?? 0;
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    // The subtitle says when the points are a subsample of the image (scatter-subsample.ts).
    title: { text: input.title, ...(input.subtitle ? { subtext: input.subtitle, itemGap: 3, subtextStyle: { color: t.muted, fontSize: 11 } } : {}), left: 8, top: 4, textVerticalAlign: 'top', textStyle: { fontSize: 13, color: t.text } },
    tooltip: { trigger: 'item', ...tooltipStyle(t), formatter: (p: { value: [number, number] }) => `input ${p.value[0]}<br>saliency ${p.value[1]}` },
    grid: { left: GRID_MARGIN.left, right: 16, top: input.subtitle ? 50 : 36, bottom: GRID_MARGIN.bottom },
    xAxis: { type: 'value', name: input.xName ?? 'pixel value (channel mean)', nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, scale: true, ...axisStyle(t) },
    // Saliency of a concept score can be ~1e-6: ticks in exponent form stay short (0.0000015 was cut off).
    // `yRange` puts two scatters on one axis, so RectGrad and No-Bias RectGrad compare at a glance.
    yAxis: {
      type: 'value',
      name: 'saliency (channel sum)',
      nameLocation: 'middle',
      nameGap: AXIS_NAME_GAP.y,
      scale: true,
      ...(opts.yRange ? { min: opts.yRange[0], max: opts.yRange[1] } : {}),
      ...axisStyle(t),
      // A shared range ends at data values (0.2362), whose labels would sit on the nice ticks next to them.
      axisLabel: { color: t.muted, ...(opts.yRange ? { showMinLabel: false, showMaxLabel: false } : {}), formatter: (v: number) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? v.toExponential(1) : String(+v.toPrecision(4))) },
    },
    series: [
      {
        name: input.title,
        type: 'scatter',
        data,
        symbolSize: 3,
        large: true,
        largeThreshold: 2000,
        itemStyle: { color: opts.color ?? t.series[0], opacity: 0.45 },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: t.series[1], type: 'dashed' },
          // On the line's right: at x = 0 on the axis, the left side is where the tick labels are.
          label: { formatter: `zero point ${zero}`, color: t.series[1], position: 'insideEndBottom' },
          data: [{ xAxis: zero }],
        },
      },
    ],
  };
}
