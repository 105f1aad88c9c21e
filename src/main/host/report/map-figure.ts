/**
 * One saliency map as a report figure: the coloured map, its colour bar with the numbers the colours
 * stand for (−max, 0, +max), and a caption. Every map in every report goes through here, so none is
 * printed without its scale (the app's maps carry the same bar: renderer/components/ColorBar.vue).
 */
import { DEFAULT_SCALE, absPercentile, formatScaleValue, lutGradientCss } from '../../../shared/color-scale.ts';
import { mapPng } from './map-images.ts';

/** CSS for `.cbar` (report pages add it to their style sheet). */
export const COLOUR_BAR_CSS = `.cbar{margin-top:2px}.cbar .ramp{height:6px;border:1px solid #ccc;border-radius:2px}.cbar .ticks{display:flex;justify-content:space-between;font-size:10px;line-height:1.2;color:#333;font-variant-numeric:tabular-nums}`;

/** The ticks under a signed bar with full colour at ±max; a map that is 0 everywhere says so. */
export function colourBarTicks(max: number): string[] {
  if (!(max > 0)) return ['all 0'];
  return [`−${formatScaleValue(max)}`, '0', `+${formatScaleValue(max)}`];
}

export function colourBarHtml(max: number): string {
  const ticks = colourBarTicks(max);
  return `<div class="cbar" data-max="${max}"><div class="ramp" style="background:${lutGradientCss('signed')}"></div><div class="ticks">${ticks.map((t) => `<span>${t}</span>`).join('')}</div></div>`;
}

/**
 * A channel-summed map S [size²], signed, per-map scale clipped at the default percentile (METHODS.md
 * display: 99.5), with its bar. `captionHtml` is already escaped by the caller. `width` sets the
 * image's drawn width when the page lays figures out by pixels (the ResNet50 report).
 */
export async function mapFigure(s: Float32Array, size: number, captionHtml: string, width?: number): Promise<string> {
  const max = absPercentile(s, DEFAULT_SCALE.clipPercentile);
  const w = width === undefined ? '' : ` width="${width}"`;
  const style = width === undefined ? '' : ` style="width:${width}px"`;
  return `<figure${style}><img src="${await mapPng(s, size, max, 'signed')}"${w}>${colourBarHtml(max)}<figcaption>${captionHtml}</figcaption></figure>`;
}
