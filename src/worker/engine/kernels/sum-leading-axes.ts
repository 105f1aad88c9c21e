/**
 * Sum over the leading axes, keeping the last one: the bias gradient of every conv and dense layer
 * ([N,H,W,C] → [C]). A float64 loop over contiguous rows is faster than wasm's Sum here and more
 * accurate (notes/engine.md: about 3×). Every other reduction goes to the stock kernel.
 */
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { tf } from '../tf.ts';
import { type KernelArgs, heapF32 } from './wasm-kit.ts';

export function makeSumLeadingAxes(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as KernelArgs & { attrs: { axis: number | number[]; keepDims: boolean } };
    const x = inputs.x;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const leading = rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return stock(args);
    const c = x.shape[rank - 1];
    const rows = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const out = backend.makeOutput(attrs.keepDims ? [...x.shape.slice(0, -1).map(() => 1), c] : [c], 'float32');
    const acc = new Float64Array(c);
    const xs = heapF32(backend, x);
    for (let r = 0; r < rows; r++) {
      const base = r * c;
      for (let k = 0; k < c; k++) acc[k] += xs[base + k];
    }
    heapF32(backend, out).set(acc);
    return out;
  };
}
