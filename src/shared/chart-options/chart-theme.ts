/**
 * Colours for charts in light and dark mode: ECharts' defaults (dark grey ticks, light grey grid lines,
 * a navy first series) are unreadable on a dark panel, so every option builder takes its axis, grid,
 * tooltip and series colours from here.
 */
export interface ChartTheme {
  text: string;
  muted: string;
  axis: string;
  grid: string;
  tooltipBg: string;
  tooltipBorder: string;
  /** Series colours in order, readable on this background. */
  series: string[];
}

const LIGHT: ChartTheme = { text: '#1d2430', muted: '#5b6470', axis: '#8a929c', grid: '#e3e6ea', tooltipBg: '#ffffff', tooltipBorder: '#c9ced4', series: ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'] };
const DARK: ChartTheme = { text: '#e4e7eb', muted: '#aab2bc', axis: '#7d8792', grid: '#39414b', tooltipBg: '#262c34', tooltipBorder: '#4a535e', series: ['#6cb4ff', '#ff7b72', '#5fd38d', '#ffb454', '#c9a4ff', '#e0a37b'] };

export function chartTheme(dark = false): ChartTheme {
  return dark ? DARK : LIGHT;
}

/**
 * Gaps between an axis and its name (nameLocation 'middle'), for every chart: the x name sits below
 * tick labels one line high; the y name clears labels up to about seven characters ("0.001%", "14,615").
 * GRID_MARGIN leaves room for them (plus a one-line legend under the x name).
 */
export const AXIS_NAME_GAP = { x: 30, y: 54 } as const;
export const GRID_MARGIN = { left: AXIS_NAME_GAP.y + 16, bottom: AXIS_NAME_GAP.x + 34 } as const;

/** Axis line, ticks, labels, name and split lines in theme colours (spread into an axis option). */
export function axisStyle(t: ChartTheme): Record<string, unknown> {
  return {
    axisLine: { lineStyle: { color: t.axis } },
    axisTick: { lineStyle: { color: t.axis } },
    axisLabel: { color: t.muted },
    nameTextStyle: { color: t.muted },
    splitLine: { lineStyle: { color: t.grid } },
  };
}

/** Tooltip box in theme colours, with readable text size. */
export function tooltipStyle(t: ChartTheme): Record<string, unknown> {
  return { backgroundColor: t.tooltipBg, borderColor: t.tooltipBorder, textStyle: { color: t.text, fontSize: 12 }, confine: true };
}

/**
 * Ten run colours, ordered so that the first few runs get the most distinct hues (blue, orange, green,
 * red, purple…); mid-tones that read on light and dark panels alike.
 */
export const RUN_PALETTE = ['#3b8fd9', '#f28e2b', '#3fa34d', '#e03e3e', '#9467bd', '#17a6a6', '#c9a227', '#e377c2', '#8c6d4f', '#8a939c'];

/** Readable number for tooltips: 3 decimals below 10, else 1, exponent form when tiny. */
export function fmtNumber(v: number, digits = 3): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  if (v !== 0 && Math.abs(v) < 10 ** -digits) return v.toExponential(1);
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(digits);
}

export function fmtPercent(v: number, digits = 1): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(digits)}%` : '–';
}

/** What every analysis chart starts with: no animation unless asked, the panel's background, the title. */
export function chartFrame(t: ChartTheme, title: string, opts: { dark?: boolean; animation?: boolean }): Record<string, unknown> {
  return {
    animation: opts.animation ?? false,
    backgroundColor: opts.dark ? 'transparent' : '#fff',
    textStyle: { color: t.text },
    title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13, color: t.text } },
  };
}
