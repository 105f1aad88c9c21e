/**
 * Small pure computations on channel-summed maps used by the saliency view: the A/B wipe's difference
 * map and what its colours mean.
 *
 * Two kinds of difference (issue 15, item 8). The signed A − B compares values; between two methods whose
 * maps differ in sign it reads backwards: in the black box RectGrad is exactly 0 and No-Bias RectGrad
 * strongly negative, so A − B is large and positive there, painted "A larger", although RectGrad is the
 * blind one. |A| − |B| compares how strongly each method marks a pixel, which is what a saliency map is
 * read for; it is the default when two methods are compared.
 */
export type DifferenceKind = 'magnitude' | 'signed';

export const DEFAULT_DIFFERENCE_KIND: DifferenceKind = 'magnitude';

export function differenceMap(a: readonly number[], b: readonly number[], kind: DifferenceKind): { values: number[]; maxAbs: number } {
  const values = kind === 'magnitude' ? a.map((v, i) => Math.abs(v) - Math.abs(b[i])) : a.map((v, i) => v - b[i]);
  return { values, maxAbs: values.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
}

/** The difference's name (`|A| − |B|`) and what red, blue and white mean, in the maps' own words. */
export function differenceLegend(kind: DifferenceKind, labelA: string, labelB: string): { quantity: string; title: string; colours: string } {
  if (kind === 'magnitude') {
    return {
      quantity: '|A| − |B|',
      title: `|${labelA}| − |${labelB}|`,
      colours: `red: |${labelA}| larger (A marks the pixel more strongly), blue: |${labelB}| larger, white: equal magnitudes`,
    };
  }
  return {
    quantity: 'A − B',
    title: `${labelA} − ${labelB}`,
    colours: `red: ${labelA} − ${labelB} > 0, blue: < 0 (signed values: a negative B makes red where A is 0; compare magnitudes with |A| − |B|)`,
  };
}

/**
 * The side of a map tile in a maps table (input column + one per method) `width` px wide: every column
 * fits without sideways scrolling down to `min` px a tile (the table then scrolls, input pinned), never
 * larger than `max`. `overhead` is what a column adds to its tile: a cell's padding (6 + 6) and border.
 * With the side panel open at 1440 px the seven methods' table is about 1100 px: 8 columns of 124 px.
 */
export function mapTileSize(width: number, columns: number, opts: { min?: number; max?: number; overhead?: number } = {}): number {
  const { min = 88, max = 192, overhead = 14 } = opts;
  const fit = Math.floor((width - 2) / Math.max(1, columns)) - overhead;
  return Math.min(max, Math.max(min, fit));
}
