/**
 * mapFigure (map-figure.ts) for synchronous report sections: the same coloured map, per-map scale clipped
 * at the default percentile and colour bar with its numbers, drawn with png-sync.ts instead of sharp.
 * Analyses' report sections (reportSection is synchronous) draw their galleries with it, so none of
 * their maps is printed without its scale either.
 */
import { DEFAULT_SCALE, absPercentile, colourise } from '../../../shared/color-scale.ts';
import { colourBarHtml } from './map-figure.ts';
import { rgbaPngDataUri } from './png-sync.ts';

/** A channel-summed map S [side²], signed, with its bar; `captionHtml` is already escaped by the caller. */
export function mapFigureSync(s: ArrayLike<number>, side: number, captionHtml: string): string {
  const max = absPercentile(s, DEFAULT_SCALE.clipPercentile);
  const img = rgbaPngDataUri(colourise(s, max, 'signed'), side, side);
  return `<figure><img src="${img}">${colourBarHtml(max)}${captionHtml === '' ? '' : `<figcaption>${captionHtml}</figcaption>`}</figure>`;
}
