/** Server-side rendering of an ECharts option to an SVG string (for self-contained reports). */
import * as echarts from 'echarts';

export function renderSvg(option: Record<string, unknown>, width = 640, height = 360): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    // Without dispose() the process never exits (notes/toolchain.md §6).
    chart.dispose();
  }
}
