/**
 * Colour scales for saliency maps, shared by the report (server side) and the renderer (canvas):
 * lookup tables, and the scale modes a figure must state (per map, shared across a row, fixed),
 * signed diverging or absolute, with a clip percentile.
 */
export type ScaleSign = 'signed' | 'absolute';
export type ScaleMode = 'per-map' | 'shared-row' | 'fixed';

export interface ScaleSpec {
  sign: ScaleSign;
  mode: ScaleMode;
  /** Percentile of |S| mapped to full colour (METHODS.md display: 99.5). */
  clipPercentile: number;
  /** For 'fixed': the |S| at full colour. */
  fixedMax?: number;
}

export const DEFAULT_SCALE: ScaleSpec = { sign: 'signed', mode: 'per-map', clipPercentile: 99.5 };

/** A 256-entry RGB lookup table, Uint8 [256 × 3]. */
export type Lut = Uint8Array;

function lerp(a: number, b: number, t: number): number {
  return Math.round(a + (b - a) * t);
}

function gradientLut(stops: Array<[number, [number, number, number]]>): Lut {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let k = 0;
    while (k < stops.length - 2 && t > stops[k + 1][0]) k++;
    const [t0, c0] = stops[k];
    const [t1, c1] = stops[k + 1];
    const u = Math.min(1, Math.max(0, (t - t0) / (t1 - t0)));
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = lerp(c0[c], c1[c], u);
  }
  return lut;
}

/** Blue → white → red: negative, zero, positive evidence. */
export const DIVERGING_LUT: Lut = gradientLut([
  [0, [33, 102, 172]],
  [0.25, [103, 169, 207]],
  [0.5, [247, 247, 247]],
  [0.75, [239, 138, 98]],
  [1, [178, 24, 43]],
]);

/** Black → purple → orange → pale yellow (an inferno-like ramp) for |S|. */
export const SEQUENTIAL_LUT: Lut = gradientLut([
  [0, [0, 0, 4]],
  [0.3, [87, 16, 110]],
  [0.6, [221, 81, 58]],
  [1, [252, 255, 164]],
]);

/** The p-th percentile (0–100) of |values|, by sorting a copy (maps are small). */
export function absPercentile(values: ArrayLike<number>, p: number): number {
  const a = Float64Array.from(values, Math.abs).sort();
  if (a.length === 0) return 0;
  const pos = ((a.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}

/** The |S| that maps to full colour for each map of a row, following the scale mode. */
export function scaleMaxima(maps: ArrayLike<number>[], spec: ScaleSpec): number[] {
  if (spec.mode === 'fixed') return maps.map(() => spec.fixedMax ?? 1);
  const own = maps.map((m) => absPercentile(m, spec.clipPercentile));
  if (spec.mode === 'shared-row') {
    const shared = Math.max(0, ...own);
    return maps.map(() => shared);
  }
  return own;
}

/** Colours a channel-summed map S [H·W] into RGBA (for a canvas ImageData or a PNG). */
export function colourise(s: ArrayLike<number>, max: number, sign: ScaleSign): Uint8ClampedArray {
  const lut = sign === 'signed' ? DIVERGING_LUT : SEQUENTIAL_LUT;
  const out = new Uint8ClampedArray(s.length * 4);
  const m = max > 0 ? max : 1;
  for (let p = 0; p < s.length; p++) {
    const v = s[p];
    const t = sign === 'signed' ? 0.5 + 0.5 * Math.max(-1, Math.min(1, v / m)) : Math.min(1, Math.abs(v) / m);
    const i = Math.round(t * 255) * 3;
    out[p * 4] = lut[i];
    out[p * 4 + 1] = lut[i + 1];
    out[p * 4 + 2] = lut[i + 2];
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** What to stamp on a figure so a reader knows how colours map to values. */
export function describeScale(spec: ScaleSpec, max: number): string {
  const mode = spec.mode === 'fixed' ? `fixed ±${max.toPrecision(3)}` : spec.mode === 'shared-row' ? `shared row, clip p${spec.clipPercentile}` : `per map, clip p${spec.clipPercentile}`;
  return `${spec.sign === 'signed' ? 'signed' : '|S|'} · ${mode}`;
}
