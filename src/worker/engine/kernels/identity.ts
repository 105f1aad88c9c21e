/**
 * Identity for wasm that shares the input's data (ref-counted, as the cpu backend does) instead of
 * copying it. TF.js clones every tensor it saves for the backward pass, so the stock copying kernel
 * moved ~100 MB per ResNet50 gradient and gave each saved filter a new data id, which defeated the
 * flipped-filter cache (measured: input gradient 1.3–2.0 s → see bench). No wasm kernel writes into
 * its inputs, so sharing is safe.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs } from './wasm-kit.ts';

export function makeIdentity(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend } = args as unknown as KernelArgs;
    const x = inputs.x;
    if (x.dtype === 'string') return stock(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype } satisfies TensorInfo;
  };
}
