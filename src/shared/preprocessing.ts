/**
 * Input preprocessing presets and their zero points (METHODS.md pitfall 3, Experiment 3). RectGrad's
 * final × input suppresses whatever the preprocessing maps to 0: black for [0, 1] inputs, mid-grey for
 * centred ones, the ImageNet mean colour for Keras' caffe preprocessing, white for the inverted encoding
 * (the control arm of issue 18: the black box becomes white, so a blind spot that follows the encoding
 * leaves the box). Raw pixels are RGB in [0, 1].
 */
export const PREPROCESSING_IDS = ['unit', 'paper', 'caffe', 'torch', 'minus1to1', 'inverted'] as const;
export type PreprocessingId = (typeof PREPROCESSING_IDS)[number];

export interface PreprocessingPreset {
  id: PreprocessingId;
  label: string;
  /** Channel order the model sees. */
  order: 'rgb' | 'bgr';
  /** model value = (raw · scale − mean[c]) / std[c], with mean and std given per RGB channel. */
  scale: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export const PREPROCESSING_PRESETS: Record<PreprocessingId, PreprocessingPreset> = {
  unit: { id: 'unit', label: '[0, 1] (x/255)', order: 'rgb', scale: 1, mean: [0, 0, 0], std: [1, 1, 1] },
  paper: { id: 'paper', label: '[−0.5, 0.5] (x/255 − 0.5, the paper)', order: 'rgb', scale: 1, mean: [0.5, 0.5, 0.5], std: [1, 1, 1] },
  caffe: { id: 'caffe', label: 'Keras caffe (RGB→BGR, x − ImageNet mean)', order: 'bgr', scale: 255, mean: [123.68, 116.779, 103.939], std: [1, 1, 1] },
  torch: { id: 'torch', label: 'torchvision ((x/255 − mean) / std)', order: 'rgb', scale: 1, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  minus1to1: { id: 'minus1to1', label: '[−1, 1] (x/127.5 − 1)', order: 'rgb', scale: 2, mean: [1, 1, 1], std: [1, 1, 1] },
  // (x − 1) / (−1) = 1 − x: the general form with a negative std, so unpreprocess and zeroPoint (white) hold as they are.
  inverted: { id: 'inverted', label: 'inverted, 1 − x (white is 0)', order: 'rgb', scale: 1, mean: [1, 1, 1], std: [-1, -1, -1] },
};

export function isPreprocessingId(s: unknown): s is PreprocessingId {
  return typeof s === 'string' && (PREPROCESSING_IDS as readonly string[]).includes(s);
}

/** The raw RGB pixel value in [0, 1] that the preset maps to 0, per channel (R, G, B). */
export function zeroPoint(p: PreprocessingPreset): [number, number, number] {
  return [p.mean[0] / p.scale, p.mean[1] / p.scale, p.mean[2] / p.scale];
}

/**
 * Raw RGB [0, 1] pixels (…, 3 interleaved) → model space, in place into `out` (may be `raw`).
 * @example preprocess(new Float32Array([0.5, 0.5, 0.5]), PREPROCESSING_PRESETS.paper) // [0, 0, 0]
 */
export function preprocess(raw: Float32Array, p: PreprocessingPreset, out: Float32Array = new Float32Array(raw.length)): Float32Array {
  for (let i = 0; i < raw.length; i += 3) {
    const r = (raw[i] * p.scale - p.mean[0]) / p.std[0];
    const g = (raw[i + 1] * p.scale - p.mean[1]) / p.std[1];
    const b = (raw[i + 2] * p.scale - p.mean[2]) / p.std[2];
    if (p.order === 'rgb') {
      out[i] = r;
      out[i + 1] = g;
      out[i + 2] = b;
    } else {
      out[i] = b;
      out[i + 1] = g;
      out[i + 2] = r;
    }
  }
  return out;
}

/** Model space → raw RGB [0, 1] (for showing inputs and binning by raw intensity). */
export function unpreprocess(x: Float32Array, p: PreprocessingPreset, out: Float32Array = new Float32Array(x.length)): Float32Array {
  for (let i = 0; i < x.length; i += 3) {
    const [c0, c1, c2] = p.order === 'rgb' ? [x[i], x[i + 1], x[i + 2]] : [x[i + 2], x[i + 1], x[i]];
    out[i] = (c0 * p.std[0] + p.mean[0]) / p.scale;
    out[i + 1] = (c1 * p.std[1] + p.mean[1]) / p.scale;
    out[i + 2] = (c2 * p.std[2] + p.mean[2]) / p.scale;
  }
  return out;
}
