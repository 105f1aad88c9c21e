/**
 * How many lines a bottom legend takes, so a builder can keep the x axis' name clear of it: ECharts wraps
 * a long legend onto a second line that otherwise lands on the axis name (five methods in a 420 px chart).
 * Estimated from the names at the legend's 12 px font, for the narrowest width the figure is drawn at
 * (the report's 380–420 px SVGs, the app's 380 px grid cells).
 */
const ICON_AND_GAP = 25 + 14;
const CHAR = 6.6;

export function legendRows(names: readonly string[], width = 380): number {
  let rows = 1;
  let line = 0;
  for (const n of names) {
    const w = ICON_AND_GAP + CHAR * n.length;
    if (line > 0 && line + w > width) {
      rows++;
      line = 0;
    }
    line += w;
  }
  return rows;
}

/** Extra bottom margin (px) a grid needs for a legend of `names` beyond its first line. */
export function legendExtra(names: readonly string[], width?: number): number {
  return 22 * (legendRows(names, width) - 1);
}
