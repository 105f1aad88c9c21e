/** Bytes the host sends as base64 (RGB images of a VAE run), decoded once per string. */
const cache = new Map<string, Uint8Array>();

export function decodeBase64(s: string): Uint8Array {
  let out = cache.get(s);
  if (out === undefined) {
    const bin = atob(s);
    out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    if (cache.size > 64) cache.delete(cache.keys().next().value!);
    cache.set(s, out);
  }
  return out;
}

/** The pixel of a size × size image drawn in `target` under the pointer, or null outside it. */
export function pixelUnderPointer(e: PointerEvent, size: number): { x: number; y: number } | null {
  const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
  const x = Math.floor(((e.clientX - r.left) / r.width) * size);
  const y = Math.floor(((e.clientY - r.top) / r.height) * size);
  return x >= 0 && y >= 0 && x < size && y < size ? { x, y } : null;
}

/** Image k of RGB bytes [K, size, size, 3] as RGBA for a canvas. */
export function rgbaOf(rgb: Uint8Array, k: number, size: number): Uint8ClampedArray<ArrayBuffer> {
  const per = size * size;
  const out = new Uint8ClampedArray(per * 4);
  for (let p = 0; p < per; p++) {
    const o = (k * per + p) * 3;
    out[p * 4] = rgb[o];
    out[p * 4 + 1] = rgb[o + 1];
    out[p * 4 + 2] = rgb[o + 2];
    out[p * 4 + 3] = 255;
  }
  return out;
}

/**
 * The boundary of a 0/1 mask as line segments in pixel units (between an inside pixel and an outside
 * one or the image edge), so an outline follows the exact region the metrics used.
 */
export function maskEdges(mask: ArrayLike<number>, size: number): Array<[number, number, number, number]> {
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < size && y < size && mask[y * size + x] > 0;
  const out: Array<[number, number, number, number]> = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!inside(x, y)) continue;
      if (!inside(x, y - 1)) out.push([x, y, x + 1, y]);
      if (!inside(x, y + 1)) out.push([x, y + 1, x + 1, y + 1]);
      if (!inside(x - 1, y)) out.push([x, y, x, y + 1]);
      if (!inside(x + 1, y)) out.push([x + 1, y, x + 1, y + 1]);
    }
  }
  return out;
}
