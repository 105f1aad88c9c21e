/**
 * Conv2DBackpropInput for wasm as forward convs on XNNPACK (4–12× faster than the stock kernel,
 * notes/engine.md). Stride 1: one conv of dy with the rotated, channel-swapped filter. Stride s > 1:
 * polyphase. Input rows i with (i + padTop) mod s = r only ever meet filter taps k ≡ r (mod s), so
 * each of the s×s phases is a small stride-1 conv of dy with the sub-filter of those taps, and the
 * phases interleave into dx. That does the necessary work only; spreading dy out with zeros instead
 * costs s² times more (4× on ResNet50's 7×7/2 stem). NCHW and dilated convs use the stock kernel.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.ts';
import { isInputGradientOnly } from '../input-gradient-scope.ts';
import { transformedFilter } from './filter-transform-cache.ts';
import { type BackendWasm, type ConvBackpropAttrs, type KernelArgs, conv2dExplicit, freeAll, heapF32, runWasmKernel } from './wasm-kit.ts';

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

export function makeConv2DBackpropInput(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as KernelArgs & { attrs: Attrs };
    const { dy, filter } = inputs;
    if (attrs.dataFormat === 'NCHW') return stock(args);
    const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, inHeight, inWidth, inChannels } = info;
    const [n, dyH, dyW] = dy.shape;
    const cacheable = isInputGradientOnly();
    const dx = backend.makeOutput([n, inHeight, inWidth, inChannels], 'float32');
    const single = sh === 1 && sw === 1;
    if (!single) heapF32(backend, dx).fill(0);
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
        const g = transformedFilter(backend, filter, `${sh},${sw}:${ry},${rx}`, cacheable, () => subFilter(backend, filter, sh, sw, ry, rx, my, mx));
        const pads = { top: Math.max(0, gy.before), bottom: Math.max(0, gy.after), left: Math.max(0, gx.before), right: Math.max(0, gx.after) };
        const part = conv2dExplicit(backend, cropped, g.info, pads);
        if (single) {
          heapF32(backend, dx).set(heapF32(backend, part));
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
    return dx;
  };
}
