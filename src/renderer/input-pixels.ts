/**
 * The RGB bytes of a dataset image, read once per URL through an offscreen canvas, for pixel hovers and
 * for blending a map over a greyscale input. Same-origin media (the web server's /media, Electron's
 * lab://) keeps the canvas readable.
 */
import { ref, watch, type Ref } from 'vue';

export interface InputPixels {
  size: number;
  /** RGB bytes, [size · size · 3], row-major. */
  rgb: Uint8ClampedArray;
}

const cache = new Map<string, Promise<InputPixels | null>>();

export function loadInputPixels(url: string): Promise<InputPixels | null> {
  let p = cache.get(url);
  if (p === undefined) {
    p = new Promise<InputPixels | null>((resolve) => {
      const img = new Image();
      img.onload = () => {
        const size = img.naturalWidth;
        const c = document.createElement('canvas');
        c.width = size;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d', { willReadFrequently: true });
        if (ctx === null) return resolve(null);
        ctx.drawImage(img, 0, 0);
        const rgba = ctx.getImageData(0, 0, size, img.naturalHeight).data;
        const rgb = new Uint8ClampedArray((rgba.length / 4) * 3);
        for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
          rgb[q] = rgba[p];
          rgb[q + 1] = rgba[p + 1];
          rgb[q + 2] = rgba[p + 2];
        }
        resolve({ size, rgb });
      };
      img.onerror = () => resolve(null);
      img.src = url;
    });
    if (cache.size > 256) cache.delete(cache.keys().next().value!);
    cache.set(url, p);
  }
  return p;
}

/** A reactive view of an image's pixels (null until loaded or when the URL is null). */
export function useInputPixels(url: () => string | null): Ref<InputPixels | null> {
  const out = ref<InputPixels | null>(null) as Ref<InputPixels | null>;
  watch(
    url,
    async (u) => {
      out.value = null;
      if (u === null) return;
      const px = await loadInputPixels(u);
      if (url() === u) out.value = px;
    },
    { immediate: true },
  );
  return out;
}
