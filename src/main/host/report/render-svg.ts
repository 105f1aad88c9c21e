/** Server-side rendering of an ECharts option to an SVG string (for self-contained reports). */
import { createRequire } from 'node:module';
import type * as EChartsModule from 'echarts';

/**
 * ECharts' CommonJS bundle, loaded on the first chart: the ESM build through tsx costs every CLI start
 * ~0.7 s of CPU (the registry reaches this file through the kinds' report sections), the bundle 0.15 s,
 * and only a report draws charts.
 */
let echarts: typeof EChartsModule | null = null;
function loadECharts(): typeof EChartsModule {
  echarts ??= createRequire(import.meta.url)('echarts') as typeof EChartsModule;
  return echarts;
}

export function renderSvg(option: Record<string, unknown>, width = 640, height = 360): string {
  const chart = loadECharts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    // Without dispose() the process never exits (notes/toolchain.md §6).
    chart.dispose();
  }
}
