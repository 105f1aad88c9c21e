/**
 * Fig. 2b / 3b scatters draw at most ~1500 pixels of an image (every n-th, on a fixed stride): a title that
 * gives only the points drawn would pass a subsample off as the image. This says which one it is.
 */
export function scatterSubsampleText(shown: number, pixels: number): string {
  if (!(pixels > shown)) return `all ${pixels.toLocaleString('en')} pixels`;
  return `subsample: ${shown.toLocaleString('en')} of ${pixels.toLocaleString('en')} pixels (1 in ${Math.ceil(pixels / shown)}, on a fixed stride)`;
}
