/**
 * Conv2DBackpropFilter for wasm, which has none (so stock wasm cannot train). The filter gradient
 *   dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s+kh−pt, ow·s+kw−pl, ci] · dy[b,oh,ow,co]
 * is itself a forward conv: input x as [ci,H,W,B] (batch and channels swapped), dy as the filter
 * [oh,ow,B,co], dilation = stride, then a transpose. wasm's matmul is much slower than its conv, so this
 * beats a shifted-slice + BatchMatMul formulation by 4–15× (notes/engine.md).
 * Inside an input-gradient-only scope the result is discarded by the caller anyway: return zeros.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.ts';
import { isInputGradientOnly } from '../input-gradient-scope.ts';
import { type ConvBackpropAttrs, type KernelArgs, conv2dExplicit, freeAll, heapF32, runWasmKernel, transposeInfo } from './wasm-kit.ts';

type Attrs = ConvBackpropAttrs & { filterShape: [number, number, number, number] };

export function makeConv2DBackpropFilter(): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as KernelArgs & { attrs: Attrs };
    const { x, dy } = inputs;
    if (isInputGradientOnly()) {
      const zeros = backend.makeOutput(attrs.filterShape, 'float32');
      heapF32(backend, zeros).fill(0);
      return zeros;
    }
    if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    let bottom = fh + (oh - 1) * sh - x.shape[1] - top;
    let right = fw + (ow - 1) * sw - x.shape[2] - left;
    // Rows/columns the forward conv never reached (negative padding) are cropped away.
    let used: TensorInfo = x;
    if (bottom < 0 || right < 0) {
      const size = [x.shape[0], x.shape[1] + Math.min(bottom, 0), x.shape[2] + Math.min(right, 0), x.shape[3]];
      used = runWasmKernel(backend, 'Slice', { x }, { begin: [0, 0, 0, 0], size });
      bottom = Math.max(bottom, 0);
      right = Math.max(right, 0);
    }
    const xT = transposeInfo(backend, used, [3, 1, 2, 0]); // [ci, H, W, B]
    const dyT = transposeInfo(backend, dy, [1, 2, 0, 3]); // [oh, ow, B, co]
    const out = conv2dExplicit(backend, xT, dyT, { top, bottom, left, right }, [sh, sw]); // [ci, fh, fw, co]
    const dW = transposeInfo(backend, out, [1, 2, 0, 3]);
    freeAll(backend, xT, dyT, out);
    if (used !== x) freeAll(backend, used);
    return dW;
  };
}
