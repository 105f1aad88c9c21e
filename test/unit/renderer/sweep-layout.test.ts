/**
 * Issue 21: the sweep panel's title, its subtitle, the plot and the axis names do not overlap. The option is
 * drawn by ECharts itself (server-side SVG, as the report draws charts) and the boxes of its texts are
 * measured with a generous glyph height (1.2 em: DejaVu Sans, the e2e browser's font, is 1.16 em tall).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as EChartsModule from 'echarts';
import { sweepBandOption } from '../../../src/renderer/charts/options/sweep-band.ts';
import type { SweepPanel } from '../../../src/shared/sweep.ts';

const echarts = createRequire(import.meta.url)('echarts') as typeof EChartsModule;

const panel: SweepPanel = {
  preset: 'unit',
  own: false,
  evidence: 'illustration',
  zeroPoint: 0,
  zeroPointRgb: [0, 0, 0],
  zeroPointBin: 0.05,
  bins: [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95],
  binEdges: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  counts: [10_300, 6380, 5376, 4592, 3544, 3076, 1977, 915, 80, 0],
  minBinCount: 100,
  suppressedBin: 0.05,
  methods: {
    rectgrad: { meanAbsS: [], lowestBin: 0.05, meanAbsSAll: 1, relative: [0.01, 0.2, 0.5, 1, 1.6, 2.4, 3.2, 4, 5, null] },
    'nobias-rectgrad': { meanAbsS: [], lowestBin: 0.05, meanAbsSAll: 1, relative: [0.3, 0.6, 0.8, 1.1, 1.5, 1.8, 2, 2.2, 2.4, null] },
  },
};

interface Text {
  text: string;
  x: number;
  y: number;
  size: number;
  rotated: boolean;
  anchor: string;
}

/** Every text of the SVG with its centre (dominant-baseline central), font size and anchor. */
function texts(svg: string): Text[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attrs, text]) => {
    const num = (name: string) => Number(new RegExp(`\\s${name}="([-\\d.]+)"`).exec(attrs)?.[1] ?? 0);
    const size = Number(/font-size:([\d.]+)px/.exec(attrs)?.[1] ?? 12);
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start';
    const t = /transform="translate\(([-\d.]+)[ ,]([-\d.]+)\)"/.exec(attrs);
    const m = /transform="matrix\(0,-1,1,0,([-\d.]+),([-\d.]+)\)"/.exec(attrs);
    if (m) return { text, x: Number(m[1]) + num('y'), y: Number(m[2]) - num('x'), size, rotated: true, anchor };
    return { text, x: (t ? Number(t[1]) : 0) + num('x'), y: (t ? Number(t[2]) : 0) + num('y'), size, rotated: false, anchor };
  });
}

test('the sweep panel title has a text baseline of its own: a numeric `top` alone left the canvas its last baseline and the subtitle ran into the title', () => {
  // ECharts' title view takes `top` (4) as the text's vertical align when none is given; the canvas ignores
  // "4" and keeps whatever baseline it drew with last, so title and subtitle moved apart by chance.
  const title = (sweepBandOption(panel) as { title: { textVerticalAlign?: string; itemGap: number; textStyle: { lineHeight?: number }; subtextStyle: { lineHeight?: number } } }).title;
  assert.equal(title.textVerticalAlign, 'top');
  assert.ok((title.textStyle.lineHeight ?? 0) >= 16 && (title.subtextStyle.lineHeight ?? 0) >= 14, 'line heights a glyph fits in');
});

for (const width of [420, 520]) {
  test(`sweep panel ${width} px wide: the subtitle clears the title, the plot clears the subtitle, the count axis name clears its ticks`, () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: 300 });
    let svg: string;
    try {
      chart.setOption({ animation: false, ...sweepBandOption(panel) });
      svg = chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
    const all = texts(svg);
    const title = all.find((t) => t.text.startsWith('unit · illustration'))!;
    const sub = all.find((t) => t.text.startsWith('zero point 0.000 (dashed)'))!;
    assert.ok(title && sub, 'title and subtitle drawn');
    const half = (t: Text) => 0.6 * t.size;
    assert.ok(title.y + half(title) <= sub.y - half(sub), `title bottom ${title.y + half(title)} ≤ subtitle top ${sub.y - half(sub)}`);
    // The value axis's top tick label sits at the plot's top edge, centred on it.
    const valueTicks = all.filter((t) => !t.rotated && t.anchor === 'end' && /^[\d.]+$/.test(t.text));
    const topTick = valueTicks.reduce((a, b) => (b.y < a.y ? b : a));
    assert.ok(sub.y + half(sub) <= topTick.y - half(topTick), `subtitle bottom ${sub.y + half(sub)} ≤ top tick label ${topTick.y - half(topTick)}`);
    // The count axis: its tick labels start at the axis; its name (rotated) must start right of the widest.
    const countTicks = all.filter((t) => !t.rotated && t.anchor === 'start' && /^[\d.]+k?$/.test(t.text) && t.x > width / 2);
    const rightmost = Math.max(...countTicks.map((t) => t.x + 0.65 * t.size * t.text.length));
    const countName = all.find((t) => t.rotated && t.text.startsWith('elements per bin'))!;
    assert.ok(countName.x - half(countName) >= rightmost, `count axis name at ${countName.x - half(countName)} clears its tick labels ending at ${rightmost}`);
    assert.ok(countName.x + half(countName) <= width, 'the name is inside the panel');
    // The value axis's name clears its tick labels on the left.
    const valueName = all.find((t) => t.rotated && t.text.startsWith('mean |S|'))!;
    const leftmost = Math.min(...valueTicks.map((t) => t.x - 0.65 * t.size * t.text.length));
    assert.ok(valueName.x + half(valueName) <= leftmost, `value axis name ends at ${valueName.x + half(valueName)}, its ticks start at ${leftmost}`);
    // No label of the dashed line inside the plot (the subtitle says what it is).
    assert.equal(all.filter((t) => t.text === 'zero point').length, 0);
  });
}
