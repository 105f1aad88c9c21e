/**
 * Pixels of experiment 3's maps and inputs as the host sends them (base64 float32, little-endian), and
 * what a hover shows of an input pixel: its raw RGB, the model-space values the preset made of it (in
 * the model's channel order: Keras caffe feeds BGR) and its distance to the preset's zero point.
 */
import { PREPROCESSING_PRESETS, type PreprocessingId, preprocess, zeroPoint } from '../shared/preprocessing.ts';

/** base64 of little-endian float32 → Float32Array. */
export function decodeFloat32(b64: string): Float32Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer, 0, bytes.length >> 2);
}

/** Raw RGB in [0, 1] ([size² × 3]) → uint8 RGB for drawing (and for MapCanvas-style blending). */
export function rawToRgb8(raw: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = Math.round(255 * Math.min(1, Math.max(0, raw[i])));
  return out;
}

export interface InputPixelValues {
  /** Raw R, G, B in [0, 1]. */
  raw: [number, number, number];
  /** Model-space values in the model's channel order. */
  model: [number, number, number];
  /** 'RGB' or 'BGR': the order of `model`. */
  order: 'RGB' | 'BGR';
  /** Mean of `model` (the Fig. 3b x value). */
  modelMean: number;
  /** Mean over channels of |raw − zero point| (the distance the binned chart uses, per pixel). */
  distance: number;
}

/** Pixel `p` of a raw RGB image under a preset. */
export function inputPixel(raw: ArrayLike<number>, p: number, preset: PreprocessingId): InputPixelValues {
  const pre = PREPROCESSING_PRESETS[preset];
  const rgb = new Float32Array([raw[p * 3], raw[p * 3 + 1], raw[p * 3 + 2]]);
  const m = preprocess(rgb, pre);
  const z = zeroPoint(pre);
  return {
    raw: [rgb[0], rgb[1], rgb[2]],
    model: [m[0], m[1], m[2]],
    order: pre.order === 'bgr' ? 'BGR' : 'RGB',
    modelMean: (m[0] + m[1] + m[2]) / 3,
    distance: (Math.abs(rgb[0] - z[0]) + Math.abs(rgb[1] - z[1]) + Math.abs(rgb[2] - z[2])) / 3,
  };
}

/** `0.482, 0.459, 0.406` (raw) or `−21.3, 1.2, 3.0` (model space): short, fixed widths for hovers. */
export function triple(v: readonly number[], digits = 3): string {
  return v.map((x) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(digits)).replace('-', '−')).join(', ');
}

/** The zero point as a CSS colour (the raw RGB the preset maps to 0). */
export function zeroPointCss(z: readonly [number, number, number]): string {
  return `rgb(${z.map((v) => Math.round(255 * v)).join(', ')})`;
}
