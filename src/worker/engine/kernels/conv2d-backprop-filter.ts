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
import { type BackendWasm, type ConvBackpropAttrs, type KernelArgs, conv2dExplicit, freeAll, heapF32, runWasmKernel, transposeInfo } from './wasm-kit.ts';

type Attrs = ConvBackpropAttrs & { filterShape: [number, number, number, number] };

/**
 * Stride 1, swapped roles: dW[kh,kw,ci,co] = Σ_{b,u,v} x[b,u,v,ci] · dy[b, u−kh+pt, v−kw+pl, co] is a
 * correlation of dy as [co,OH,OW,B] with x as the filter [H,W,B,ci], padded by fh−1−pt above and
 * H−OH+pt below (likewise for columns); its output row fh−1−kh holds kh. XNNPACK packs the filter on
 * every call, and x is the smaller of the two whenever ci < co (every layer of experiment 1), so this
 * packs 2–10× fewer weights than using dy as the filter. Returns null when it does not apply.
 */
function filterGradientStride1(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, fh: number, fw: number, pt: number, pl: number): TensorInfo | null {
  const [, h, w, ci] = x.shape;
  const [, oh, ow, co] = dy.shape;
  const pads = { top: fh - 1 - pt, bottom: h - oh + pt, left: fw - 1 - pl, right: w - ow + pl };
  if (Object.values(pads).some((p) => p < 0) || h * w * ci >= oh * ow * co) return null;
  const dyT = transposeInfo(backend, dy, [3, 1, 2, 0]); // [co, OH, OW, B]
  const xT = transposeInfo(backend, x, [1, 2, 0, 3]); // [H, W, B, ci]
  const c = conv2dExplicit(backend, dyT, xT, pads); // [co, fh, fw, ci], rows and columns reversed
  const dW = backend.makeOutput([fh, fw, ci, co], 'float32');
  const src = heapF32(backend, c);
  const dst = heapF32(backend, dW);
  for (let o = 0; o < co; o++) {
    for (let r = 0; r < fh; r++) {
      for (let q = 0; q < fw; q++) {
        const s0 = ((o * fh + r) * fw + q) * ci;
        const d0 = ((fh - 1 - r) * fw + (fw - 1 - q)) * ci * co + o;
        for (let k = 0; k < ci; k++) dst[d0 + k * co] = src[s0 + k];
      }
    }
  }
  freeAll(backend, dyT, xT, c);
  return dW;
}

/**
 * Largest im2col matrix (fh·fw·ci × B·OH·OW floats) the matmul form builds. Measured on the 2-core machine
 * (notes in issue 20's closing): the experiment-1 classifier's first layer at 64² (27 × 131,072, 14 MiB)
 * went 65 → 25 ms; at 128² (56 MiB) the matrix no longer pays for itself and the conv form is as fast.
 */
const IM2COL_MAX_BYTES = 16 * 2 ** 20;

/**
 * dW = colsᵀ·dy as one matmul: cols [fh·fw·ci, N] gathered from x (N = B·OH·OW), times dy as [N, co]. For
 * a layer with few input channels (an RGB image's first conv: fh·fw·ci = 27 < co) the conv forms above
 * run XNNPACK with 3 output channels or a 64×64 kernel, both far from its best; the matmul's long inner
 * dimension is what it does well. Rows of cols are ordered (kh, kw, ci), so the [K, co] product is dW's
 * own [fh, fw, ci, co] layout. Returns null when the layer is not of that kind or the matrix is too big.
 */
function filterGradientIm2col(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, info: { fh: number; fw: number; sh: number; sw: number; top: number; left: number }): TensorInfo | null {
  const [b, h, w, ci] = x.shape;
  const [, oh, ow, co] = dy.shape;
  const { fh, fw, sh, sw, top, left } = info;
  const k = fh * fw * ci;
  const n = b * oh * ow;
  if (k >= co || k * n * 4 > IM2COL_MAX_BYTES) return null;
  const cols = backend.makeOutput([1, k, n], 'float32');
  const dst = heapF32(backend, cols); // views taken after the last allocation (the heap may grow)
  const src = heapF32(backend, x);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      for (let c = 0; c < ci; c++) {
        const row = ((kh * fw + kw) * ci + c) * n;
        for (let bi = 0; bi < b; bi++) {
          for (let r = 0; r < oh; r++) {
            const base = row + (bi * oh + r) * ow;
            const ih = r * sh + kh - top;
            if (ih < 0 || ih >= h) {
              dst.fill(0, base, base + ow);
              continue;
            }
            const from = ((bi * h + ih) * w) * ci + c;
            for (let q = 0; q < ow; q++) {
              const iw = q * sw + kw - left;
              dst[base + q] = iw >= 0 && iw < w ? src[from + iw * ci] : 0;
            }
          }
        }
      }
    }
  }
  const dy3 = runWasmKernel(backend, 'Reshape', { x: dy }, { shape: [1, n, co] });
  const product = runWasmKernel(backend, 'BatchMatMul', { a: cols, b: dy3 }, { transposeA: false, transposeB: false }); // [1, K, co]
  freeAll(backend, cols, dy3);
  return { dataId: product.dataId, shape: [fh, fw, ci, co], dtype: 'float32' };
}

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
    const byMatmul = filterGradientIm2col(backend, x, dy, { fh, fw, sh, sw, top, left });
    if (byMatmul !== null) return byMatmul;
    if (sh === 1 && sw === 1) {
      const swapped = filterGradientStride1(backend, x, dy, fh, fw, top, left);
      if (swapped !== null) return swapped;
    }
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
