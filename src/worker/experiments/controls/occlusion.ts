/**
 * Occlusion saliency (Zeiler & Fergus 2014), the model-agnostic reference among the controls (issue 18):
 * a square patch slides over the image on a stride grid, each occluded copy goes through the model, and
 * a pixel's score is the drop of the target logit (unoccluded − occluded) averaged over the patches that
 * cover it. It reads only the model's outputs, never its gradients, so no backward rule or × input can
 * shape it. The copies of all images go through the model in batches; no tensor outlives its batch.
 */
import { LabError } from '../../../shared/result.ts';
import type { ModelAdapter } from '../../engine/model-adapter.ts';
import { forwardScores } from '../../engine/modified-backprop.ts';
import { tf } from '../../engine/tf.ts';

export interface OcclusionRequest {
  /** Image side in pixels (images are square, 3 channels). */
  size: number;
  patch: number;
  stride: number;
  /** What fills the patch, per image, in model space: [N, 3]. */
  fill: Float32Array;
  /** The logit whose drop is the score. */
  target: number;
  /** Occluded copies per forward pass. */
  batchSize?: number;
  isCancelled?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface OcclusionResult {
  /** Scores [N, H·W] (one channel), in logit units. */
  maps: Float32Array;
  /** Forward passes run: one per occluded copy, one per unoccluded image. */
  forwardPasses: number;
}

const DEFAULT_BATCH = 64;

/**
 * Top-left corners along one axis: every `stride` px from 0, and the last one flush with the far edge
 * (so the far border is covered even when the stride does not divide size − patch).
 */
export function patchStarts(size: number, patch: number, stride: number): number[] {
  if (patch > size) throw new LabError('bad-input', `an occlusion patch of ${patch} px does not fit images of ${size} px`);
  const last = size - patch;
  const starts: number[] = [];
  for (let s = 0; s <= last; s += stride) starts.push(s);
  if (starts[starts.length - 1] !== last) starts.push(last);
  return starts;
}

/** The target logit for `count` images packed in `data` [count, size, size, 3]. */
function targetScores(adapter: ModelAdapter, data: Float32Array, count: number, size: number, target: number): Float32Array {
  const t = tf.tidy(() => tf.slice(forwardScores(adapter, tf.tensor4d(data, [count, size, size, 3])), [0, target], [count, 1]));
  try {
    return Float32Array.from(t.dataSync());
  } finally {
    t.dispose();
  }
}

export function occlusionMaps(adapter: ModelAdapter, x: Float32Array, count: number, req: OcclusionRequest): OcclusionResult {
  const { size, patch, target } = req;
  const pixels = size * size;
  const per = pixels * 3;
  const starts = patchStarts(size, patch, req.stride);
  const corners = starts.flatMap((y) => starts.map((x0) => [y, x0] as const));
  const batch = Math.max(1, Math.floor(req.batchSize ?? DEFAULT_BATCH));
  const buffer = new Float32Array(batch * per);

  // How many patches cover each pixel: the same for every image, and at least 1 (stride ≤ patch, last corner flush).
  const coverage = new Uint32Array(pixels);
  for (const [y0, x0] of corners) for (let y = y0; y < y0 + patch; y++) for (let xx = x0; xx < x0 + patch; xx++) coverage[y * size + xx]++;

  const unoccluded = new Float32Array(count);
  for (let s = 0; s < count; s += batch) {
    const b = Math.min(batch, count - s);
    unoccluded.set(targetScores(adapter, x.subarray(s * per, (s + b) * per), b, size, target), s);
  }

  const sums = new Float64Array(count * pixels);
  const total = count * corners.length;
  for (let start = 0; start < total; start += batch) {
    if (req.isCancelled?.() === true) throw new LabError('cancelled', 'occlusion cancelled');
    const b = Math.min(batch, total - start);
    for (let k = 0; k < b; k++) {
      const image = Math.floor((start + k) / corners.length);
      const [y0, x0] = corners[(start + k) % corners.length];
      const copy = buffer.subarray(k * per, (k + 1) * per);
      copy.set(x.subarray(image * per, (image + 1) * per));
      for (let y = y0; y < y0 + patch; y++) {
        for (let xx = x0; xx < x0 + patch; xx++) copy.set(req.fill.subarray(image * 3, image * 3 + 3), (y * size + xx) * 3);
      }
    }
    const occluded = targetScores(adapter, buffer.subarray(0, b * per), b, size, target);
    for (let k = 0; k < b; k++) {
      const image = Math.floor((start + k) / corners.length);
      const [y0, x0] = corners[(start + k) % corners.length];
      const drop = unoccluded[image] - occluded[k];
      for (let y = y0; y < y0 + patch; y++) for (let xx = x0; xx < x0 + patch; xx++) sums[image * pixels + y * size + xx] += drop;
    }
    req.onProgress?.(start + b, total);
  }

  const maps = new Float32Array(count * pixels);
  for (let i = 0; i < maps.length; i++) maps[i] = sums[i] / coverage[i % pixels];
  return { maps, forwardPasses: count + total };
}
