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

/** The fixed |S| of a 'fixed' spec, or null when none is set (an empty field must not mean ±1). */
export function fixedMaxOf(spec: ScaleSpec): number | null {
  return spec.mode === 'fixed' && typeof spec.fixedMax === 'number' && Number.isFinite(spec.fixedMax) && spec.fixedMax > 0 ? spec.fixedMax : null;
}

/**
 * The |S| that maps to full colour for each map of a row, following the scale mode. A 'fixed' spec
 * without a usable number falls back to the shared row scale, and `describeScale` says so.
 */
export function scaleMaxima(maps: ArrayLike<number>[], spec: ScaleSpec): number[] {
  const fixed = fixedMaxOf(spec);
  if (fixed !== null) return maps.map(() => fixed);
  const own = maps.map((m) => absPercentile(m, spec.clipPercentile));
  if (spec.mode === 'shared-row' || spec.mode === 'fixed') {
    const shared = Math.max(0, ...own);
    return maps.map(() => shared);
  }
  return own;
}

/** Position in a lookup table (0–255) of value v on a scale with full colour at `max`. */
export function lutIndex(v: number, max: number, sign: ScaleSign): number {
  const m = max > 0 ? max : 1;
  const t = sign === 'signed' ? 0.5 + 0.5 * Math.max(-1, Math.min(1, v / m)) : Math.min(1, Math.abs(v) / m);
  return Math.round(t * 255);
}

/** The RGB colour of one value (what `colourise` paints for it). */
export function colourOf(v: number, max: number, sign: ScaleSign): [number, number, number] {
  const lut = sign === 'signed' ? DIVERGING_LUT : SEQUENTIAL_LUT;
  const i = lutIndex(v, max, sign) * 3;
  return [lut[i], lut[i + 1], lut[i + 2]];
}

/** Colours a channel-summed map S [H·W] into RGBA (for a canvas ImageData or a PNG). */
export function colourise(s: ArrayLike<number>, max: number, sign: ScaleSign): Uint8ClampedArray {
  const lut = sign === 'signed' ? DIVERGING_LUT : SEQUENTIAL_LUT;
  const out = new Uint8ClampedArray(s.length * 4);
  for (let p = 0; p < s.length; p++) {
    const i = lutIndex(s[p], max, sign) * 3;
    out[p * 4] = lut[i];
    out[p * 4 + 1] = lut[i + 1];
    out[p * 4 + 2] = lut[i + 2];
    out[p * 4 + 3] = 255;
  }
  return out;
}

/**
 * Captum's blended_heat_map: the map over a greyscale copy of the input. The map's opacity grows with
 * |S| (0 at S = 0, `opacity` at the clip), so the input shows through where the map says nothing.
 * `rgb` is the input as RGB bytes [H·W·3].
 */
export function blendOverGrey(s: ArrayLike<number>, max: number, sign: ScaleSign, rgb: ArrayLike<number>, opacity = 0.75): Uint8ClampedArray {
  const lut = sign === 'signed' ? DIVERGING_LUT : SEQUENTIAL_LUT;
  const out = new Uint8ClampedArray(s.length * 4);
  const m = max > 0 ? max : 1;
  for (let p = 0; p < s.length; p++) {
    const grey = 0.299 * rgb[p * 3] + 0.587 * rgb[p * 3 + 1] + 0.114 * rgb[p * 3 + 2];
    const a = opacity * Math.min(1, Math.abs(s[p]) / m);
    const i = lutIndex(s[p], max, sign) * 3;
    out[p * 4] = grey + (lut[i] - grey) * a;
    out[p * 4 + 1] = grey + (lut[i + 1] - grey) * a;
    out[p * 4 + 2] = grey + (lut[i + 2] - grey) * a;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** CSS linear-gradient stops of a lookup table (for colour bars). */
export function lutGradientCss(sign: ScaleSign, direction = 'to right'): string {
  const lut = sign === 'signed' ? DIVERGING_LUT : SEQUENTIAL_LUT;
  const stops: string[] = [];
  for (let k = 0; k <= 16; k++) {
    const i = Math.min(255, Math.round((k * 255) / 16)) * 3;
    stops.push(`rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]}) ${((100 * k) / 16).toFixed(2)}%`);
  }
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}

/** Short number for scales and hovers: 3 significant digits, exponent form when tiny or huge. */
export function formatScaleValue(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e4 ? v.toExponential(2) : v.toPrecision(3);
}

/** The scale mode alone, short (under a colour bar that already shows the range). */
export function scaleModeShort(spec: ScaleSpec): string {
  if (fixedMaxOf(spec) !== null) return 'fixed';
  if (spec.mode === 'fixed') return `no fixed value: shared row, clip p${spec.clipPercentile}`;
  return `${spec.mode === 'shared-row' ? 'shared row' : 'per map'}, clip p${spec.clipPercentile}`;
}

/** What to stamp on a figure so a reader knows how colours map to values. */
export function describeScale(spec: ScaleSpec, max?: number): string {
  const range = max === undefined ? '' : spec.sign === 'signed' ? ` ±${formatScaleValue(max)}` : ` 0–${formatScaleValue(max)}`;
  const mode =
    fixedMaxOf(spec) !== null
      ? `fixed${range}`
      : spec.mode === 'fixed'
        ? `fixed: no value set, using shared row${range} (clip p${spec.clipPercentile})`
        : spec.mode === 'shared-row'
          ? `shared row${range} (clip p${spec.clipPercentile})`
          : `per map${range} (clip p${spec.clipPercentile})`;
  return `${spec.sign === 'signed' ? 'signed S, red +, blue −' : '|S|'} · ${mode}`;
}
