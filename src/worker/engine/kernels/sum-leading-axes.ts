/**
 * Sum over the leading axes, keeping the last one: the bias gradient of every conv and dense layer
 * ([N,H,W,C] → [C]). A float64 loop over contiguous rows is faster than wasm's Sum here (which
 * transposes first) and more accurate. Every other reduction goes to the stock kernel.
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
    heapF32(backend, out).set(sumRows(heapF32(backend, x), rows, c));
    return out;
  };
}

/**
 * Column sums of a [rows, c] matrix in float64. Eight rows are added per pass over `acc`, which cuts its
 * loads and stores eightfold: 6.7 → 2.4 ms for the classifier's first bias gradient (131 072 × 32).
 * (wasm's BatchMatMul with a row of ones looks 10× faster in isolation, but packs x as weights on
 * every new tensor, which made it slower inside a training step.)
 */
function sumRows(xs: Float32Array, rows: number, c: number): Float64Array {
  const acc = new Float64Array(c);
  const [c2, c3, c4, c5, c6, c7] = [2 * c, 3 * c, 4 * c, 5 * c, 6 * c, 7 * c];
  let r = 0;
  for (; r + 8 <= rows; r += 8) {
    const base = r * c;
    for (let k = 0; k < c; k++) {
      const i = base + k;
      acc[k] += xs[i] + xs[i + c] + (xs[i + c2] + xs[i + c3]) + (xs[i + c4] + xs[i + c5] + (xs[i + c6] + xs[i + c7]));
    }
  }
  for (; r < rows; r++) {
    const base = r * c;
    for (let k = 0; k < c; k++) acc[k] += xs[base + k];
  }
  return acc;
}
