/**
 * Conv2DBackpropInput for wasm as a forward conv of dy with the rotated, channel-swapped filter, which
 * runs on XNNPACK (4–12× faster than the stock kernel, notes/engine.md). For stride > 1, dy is first
 * spread out with zeros between its pixels (the transposed-conv identity). Anything unusual (NCHW,
 * padding larger than the filter) falls back to the stock kernel.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.ts';
import { isInputGradientOnly } from '../input-gradient-scope.ts';
import { flippedFilter } from './flipped-filter-cache.ts';
import { type BackendWasm, type KernelArgs, conv2dExplicit, freeAll, heapF32 } from './wasm-kit.ts';

type Attrs = {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
};

/** Spreads dy out so that a stride-s conv's transpose becomes a stride-1 conv. */
function dilate(backend: BackendWasm, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  const [n, h, w, c] = dy.shape;
  const hd = (h - 1) * sh + 1;
  const wd = (w - 1) * sw + 1;
  const out = backend.makeOutput([n, hd, wd, c], 'float32');
  const dst = heapF32(backend, out);
  const src = heapF32(backend, dy);
  dst.fill(0);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const s = ((b * h + i) * w + j) * c;
        const d = ((b * hd + i * sh) * wd + j * sw) * c;
        dst.set(src.subarray(s, s + c), d);
      }
    }
  }
  return out;
}

export function makeConv2DBackpropInput(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as KernelArgs & { attrs: Attrs };
    const { dy, filter } = inputs;
    if (attrs.dataFormat === 'NCHW') return stock(args);
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inHeight, inWidth } = info;
    const top = fh - 1 - info.padInfo.top;
    const left = fw - 1 - info.padInfo.left;
    if (top < 0 || left < 0) return stock(args);
    const strided = sh > 1 || sw > 1;
    const spread = strided ? dilate(backend, dy, sh, sw) : dy;
    const bottom = inHeight + fh - 1 - spread.shape[1] - top;
    const right = inWidth + fw - 1 - spread.shape[2] - left;
    if (bottom < 0 || right < 0) {
      if (strided) freeAll(backend, spread);
      return stock(args);
    }
    const flipped = flippedFilter(backend, filter, isInputGradientOnly());
    const dx = conv2dExplicit(backend, spread, flipped.info, { top, bottom, left, right });
    if (flipped.owned) freeAll(backend, flipped.info);
    if (strided) freeAll(backend, spread);
    return dx;
  };
}
