/**
 * Conv2DBackpropInput for wasm as forward convs on XNNPACK (4–12× faster than the stock kernel,
 * notes/engine.md). Stride 1: one conv of dy with the rotated, channel-swapped filter. Stride s > 1:
 * polyphase. Input rows i with (i + padTop) mod s = r only ever meet filter taps k ≡ r (mod s), so
 * each of the s×s phases is a small stride-1 conv of dy with the sub-filter of those taps, and the
 * phases interleave into dx. That does the necessary work only; spreading dy out with zeros instead
 * costs s² times more (4× on ResNet50's 7×7/2 stem). NCHW and dilated convs use the stock kernel.
 * Two more paths: dx with ≤ 4 channels (an RGB stem) through columns (a wide GEMM + col2im), and, in
 * an input-gradient scope, a sparse dy (RectGrad's, ~2% nonzeros) as SIMD row updates (below).
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.ts';
import { isInputGradientOnly } from '../input-gradient-scope.ts';
import { transformedFilter } from './filter-transform-cache.ts';
import { simdAxpy } from './simd-axpy.ts';
import { type BackendWasm, type ConvBackpropAttrs, type KernelArgs, conv2dExplicit, freeAll, heapByteOffset, heapF32, heapI32, runWasmKernel } from './wasm-kit.ts';

type Attrs = ConvBackpropAttrs & { inputShape: [number, number, number, number] };

/** Taps of one phase along one axis: k = r + s·m for m < count, used in reverse order. */
function phaseTaps(f: number, s: number, r: number): number {
  return r < f ? Math.ceil((f - r) / s) : 0;
}

/** g[my,mx,co,ci] = w[ry + sh·(My−1−my), rx + sw·(Mx−1−mx), ci, co]: flipped, channel-swapped sub-filter. */
function subFilter(backend: BackendWasm, filter: TensorInfo, sh: number, sw: number, ry: number, rx: number, my: number, mx: number): TensorInfo {
  const [, fw, ci, co] = filter.shape;
  const out = backend.makeOutput([my, mx, co, ci], 'float32');
  const dst = heapF32(backend, out);
  const src = heapF32(backend, filter);
  for (let a = 0; a < my; a++) {
    for (let b = 0; b < mx; b++) {
      const srcBase = ((ry + sh * (my - 1 - a)) * fw + (rx + sw * (mx - 1 - b))) * ci * co;
      const dstBase = (a * mx + b) * co * ci;
      for (let c = 0; c < ci; c++) {
        for (let o = 0; o < co; o++) dst[dstBase + o * ci + c] = src[srcBase + c * co + o];
      }
    }
  }
  return out;
}

/** Placement of one phase along one axis: first t, count, and the conv padding (negative = crop dy). */
function phaseGeometry(inSize: number, dySize: number, pad: number, s: number, r: number, taps: number) {
  const t0 = Math.ceil((pad - r) / s);
  const t1 = Math.floor((inSize - 1 + pad - r) / s);
  const count = t1 - t0 + 1;
  const before = taps - 1 - t0;
  const after = count + taps - 1 - dySize - before;
  return { t0, count, before, after, firstIndex: r - pad + s * t0 };
}

/**
 * dx with this few channels (an RGB input: ResNet50's 7×7/2 stem) goes through columns instead: as a conv,
 * every phase would have only `inChannels` outputs, which XNNPACK computes at a fraction of its speed
 * (the stem's input gradient took 4× its forward). Columns are one 1×1 conv of dy with the filter as
 * [co → fh·fw·ci] (a wide GEMM, as fast as the forward), then each column is added into its window of
 * dx (col2im) with float64 accumulators.
 */
const FEW_CHANNELS = 4;
let accumulator = new Float64Array(0);

/** g[0,0,o,(kh·fw + kw)·ci + c] = w[kh,kw,c,o]: the filter as a [co, fh·fw·ci] matrix. */
function columnsFilter(backend: BackendWasm, filter: TensorInfo, cacheable: boolean): { info: TensorInfo; owned: boolean } {
  const [fh, fw, ci, co] = filter.shape;
  const k = fh * fw * ci;
  return transformedFilter(backend, filter, 'columns', cacheable, () => {
    const out = backend.makeOutput([1, 1, co, k], 'float32');
    const dst = heapF32(backend, out);
    const src = heapF32(backend, filter);
    for (let t = 0; t < k; t++) for (let o = 0; o < co; o++) dst[o * k + t] = src[t * co + o];
    return out;
  });
}

/** The stride-1 rotated filter, or phase (0,0) of a strided 1×1 filter: the dense path's cache entries. */
function phaseFilter(backend: BackendWasm, filter: TensorInfo, sh: number, sw: number, ry: number, rx: number, my: number, mx: number, cacheable: boolean) {
  return transformedFilter(backend, filter, `${sh},${sw}:${ry},${rx}`, cacheable, () => subFilter(backend, filter, sh, sw, ry, rx, my, mx));
}

/**
 * Sparse dy (Rectified Gradient). Above each ReLU the rule passes only the top (100 − q)% of a·R, so
 * every dy that reaches a conv's input gradient in a RectGrad map holds about 2% nonzeros (measured on
 * ResNet50: 1.4–2.0% in all 53 convs), and the dense conv spends ~98% of its multiply-adds on zeros.
 * Here each nonzero dy[b,y,x,o] = v adds v·w[kh,kw,:,o] to the ci channels of every input pixel it
 * reaches: contiguous rows of a filter transform the dense path caches anyway (no extra memory). Taken
 * only inside an input-gradient scope (cached transforms) while the nonzeros are few enough to beat the
 * dense conv, and only with a finite filter (a dense conv would turn 0·∞ into NaN).
 */
export const SPARSE_MAX_DENSITY = 0.05;
const finiteTransforms = new WeakMap<object, boolean>();
let nonzeroAt = new Int32Array(0);

function allFinite(backend: BackendWasm, info: TensorInfo): boolean {
  let ok = finiteTransforms.get(info.dataId);
  if (ok === undefined) {
    const v = heapF32(backend, info);
    ok = true;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) ok = false;
    finiteTransforms.set(info.dataId, ok);
  }
  return ok;
}

/**
 * Indices of the nonzero values (±0 count as zero, NaN as nonzero, as `v !== 0` has it) into
 * `nonzeroAt`, stopping past `limit`. Reads the float bits as integers, eight at a time: with ~98% zeros
 * almost every block is skipped after one OR (3× faster than a float compare per value).
 */
function findNonzeros(bits: Int32Array, limit: number): number {
  const size = bits.length;
  const ABS = 0x7fffffff;
  let nnz = 0;
  let i = 0;
  for (; i + 8 <= size; i += 8) {
    if (((bits[i] | bits[i + 1] | bits[i + 2] | bits[i + 3] | bits[i + 4] | bits[i + 5] | bits[i + 6] | bits[i + 7]) & ABS) === 0) continue;
    for (let k = i; k < i + 8; k++) if ((bits[k] & ABS) !== 0) nonzeroAt[nnz++] = k;
    if (nnz > limit) return nnz;
  }
  for (; i < size; i++) if ((bits[i] & ABS) !== 0 && nnz <= limit) nonzeroAt[nnz++] = i;
  return nnz;
}

function sparseBackpropInput(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo | null {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inHeight: H, inWidth: W, inChannels: ci, outChannels: co } = info;
  // Where the ci values of w[kh,kw,:,o] lie in a cached transform.
  let g: { info: TensorInfo; owned: boolean };
  let tapOffset: (kh: number, kw: number) => number;
  let channelStride: number;
  if (ci <= FEW_CHANNELS && fh * fw > 1) {
    g = columnsFilter(backend, filter, true);
    tapOffset = (kh, kw) => (kh * fw + kw) * ci;
    channelStride = fh * fw * ci;
  } else if (sh === 1 && sw === 1) {
    g = phaseFilter(backend, filter, 1, 1, 0, 0, fh, fw, true);
    tapOffset = (kh, kw) => ((fh - 1 - kh) * fw + (fw - 1 - kw)) * co * ci;
    channelStride = ci;
  } else if (fh === 1 && fw === 1) {
    g = phaseFilter(backend, filter, sh, sw, 0, 0, 1, 1, true);
    tapOffset = () => 0;
    channelStride = ci;
  } else return null;
  if (g.owned) throw new Error('a cacheable filter transform was not cached');
  const size = dy.shape.reduce((a, b) => a * b, 1);
  const limit = Math.floor(size * SPARSE_MAX_DENSITY);
  if (nonzeroAt.length < limit + 8) nonzeroAt = new Int32Array(limit + 8);
  const nnz = findNonzeros(heapI32(backend, dy), limit);
  if (nnz > limit || !allFinite(backend, g.info)) return null;
  const [n, oh, ow] = dy.shape;
  const offsets = new Int32Array(fh * fw);
  for (let kh = 0; kh < fh; kh++) for (let kw = 0; kw < fw; kw++) offsets[kh * fw + kw] = tapOffset(kh, kw);
  const dx = backend.makeOutput([n, H, W, ci], 'float32');
  const out = heapF32(backend, dx);
  out.fill(0);
  const w = heapF32(backend, g.info);
  const v = heapF32(backend, dy);
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  const axpy = simdAxpy(backend);
  const outAt = heapByteOffset(backend, dx);
  const wAt = heapByteOffset(backend, g.info);
  for (let e = 0; e < nnz; e++) {
    const i = nonzeroAt[e];
    const value = v[i];
    const o = i % co;
    const pixel = (i / co) | 0;
    const x = pixel % ow;
    const rest = (pixel / ow) | 0;
    const y = rest % oh;
    const b = (rest / oh) | 0;
    const wo = o * channelStride;
    for (let kh = 0; kh < fh; kh++) {
      const iy = y * sh + kh - pt;
      if (iy < 0 || iy >= H) continue;
      for (let kw = 0; kw < fw; kw++) {
        const ix = x * sw + kw - pl;
        if (ix < 0 || ix >= W) continue;
        const d0 = ((b * H + iy) * W + ix) * ci;
        const f0 = wo + offsets[kh * fw + kw];
        if (axpy !== null) axpy(outAt + 4 * d0, wAt + 4 * f0, ci, value);
        else for (let c = 0; c < ci; c++) out[d0 + c] += value * w[f0 + c];
      }
    }
  }
  return dx;
}

function viaColumns(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo, cacheable: boolean): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inHeight: H, inWidth: W, inChannels: ci } = info;
  const [n, oh, ow] = dy.shape;
  const k = fh * fw * ci;
  const g = columnsFilter(backend, filter, cacheable);
  const cols = conv2dExplicit(backend, dy, g.info, { top: 0, bottom: 0, left: 0, right: 0 }); // [n, oh, ow, k]
  if (g.owned) freeAll(backend, g.info);
  const size = n * H * W * ci;
  if (accumulator.length < size) accumulator = new Float64Array(size);
  const acc = accumulator.subarray(0, size);
  acc.fill(0);
  const src = heapF32(backend, cols);
  const pt = info.padInfo.top;
  const pl = info.padInfo.left;
  // For one (pixel, kh) the taps kw = 0…fw−1 land on consecutive columns, channels innermost, so the
  // fw·ci values of the column are added to fw·ci consecutive values of dx (clipped at the edges).
  const run = fw * ci;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let kh = 0; kh < fh; kh++) {
        const iy = y * sh + kh - pt;
        if (iy < 0 || iy >= H) continue;
        const rowBase = (b * H + iy) * W;
        for (let x = 0; x < ow; x++) {
          const ix0 = x * sw - pl;
          const t0 = Math.max(0, -ix0) * ci;
          const t1 = Math.min(fw, W - ix0) * ci;
          const s0 = ((b * oh + y) * ow + x) * k + kh * run;
          const d0 = (rowBase + ix0) * ci;
          for (let t = t0; t < t1; t++) acc[d0 + t] += src[s0 + t];
        }
      }
    }
  }
  freeAll(backend, cols);
  const dx = backend.makeOutput([n, H, W, ci], 'float32');
  heapF32(backend, dx).set(acc);
  return dx;
}

export function makeConv2DBackpropInput(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as KernelArgs & { attrs: Attrs };
    const { dy, filter } = inputs;
    if (attrs.dataFormat === 'NCHW') return stock(args);
    const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inHeight, inWidth, inChannels } = info;
    const [n, dyH, dyW] = dy.shape;
    const cacheable = isInputGradientOnly();
    const sparse = cacheable ? sparseBackpropInput(backend, dy, filter, info) : null;
    if (sparse !== null) return sparse;
    if (inChannels <= FEW_CHANNELS && fh * fw > 1) return viaColumns(backend, dy, filter, info, cacheable);
    const single = sh === 1 && sw === 1;
    // Stride 1 is a single phase whose conv output is dx itself (no copy, no zero fill).
    const dx = single ? null : backend.makeOutput([n, inHeight, inWidth, inChannels], 'float32');
    if (dx !== null) heapF32(backend, dx).fill(0);
    for (let ry = 0; ry < sh; ry++) {
      for (let rx = 0; rx < sw; rx++) {
        const my = phaseTaps(fh, sh, ry);
        const mx = phaseTaps(fw, sw, rx);
        if (my === 0 || mx === 0) continue;
        const gy = phaseGeometry(inHeight, dyH, info.padInfo.top, sh, ry, my);
        const gx = phaseGeometry(inWidth, dyW, info.padInfo.left, sw, rx, mx);
        if (gy.count <= 0 || gx.count <= 0) continue;
        // Negative padding means rows of dy this phase never reads: crop them.
        const crop = [Math.max(0, -gy.before), Math.max(0, -gy.after), Math.max(0, -gx.before), Math.max(0, -gx.after)];
        const cropped = crop.some((c) => c > 0)
          ? runWasmKernel(backend, 'Slice', { x: dy }, { begin: [0, crop[0], crop[2], 0], size: [n, dyH - crop[0] - crop[1], dyW - crop[2] - crop[3], dy.shape[3]] })
          : dy;
        const g = phaseFilter(backend, filter, sh, sw, ry, rx, my, mx, cacheable);
        const pads = { top: Math.max(0, gy.before), bottom: Math.max(0, gy.after), left: Math.max(0, gx.before), right: Math.max(0, gx.after) };
        const part = conv2dExplicit(backend, cropped, g.info, pads);
        if (dx === null) {
          if (g.owned) freeAll(backend, g.info);
          if (cropped !== dy) freeAll(backend, cropped);
          return part;
        } else {
          const src = heapF32(backend, part);
          const dst = heapF32(backend, dx);
          for (let b = 0; b < n; b++) {
            for (let u = 0; u < gy.count; u++) {
              const row = gy.firstIndex + sh * u;
              for (let v = 0; v < gx.count; v++) {
                const col = gx.firstIndex + sw * v;
                const s0 = ((b * gy.count + u) * gx.count + v) * inChannels;
                dst.set(src.subarray(s0, s0 + inChannels), ((b * inHeight + row) * inWidth + col) * inChannels);
              }
            }
          }
        }
        freeAll(backend, part);
        if (g.owned) freeAll(backend, g.info);
        if (cropped !== dy) freeAll(backend, cropped);
      }
    }
    if (dx !== null) return dx;
    const zeros = backend.makeOutput([n, inHeight, inWidth, inChannels], 'float32'); // no taps at all
    heapF32(backend, zeros).fill(0);
    return zeros;
  };
}
