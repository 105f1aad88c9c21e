/**
 * Small helpers for kernels that run inside the wasm backend. Inside a kernel we must not call `tf.*`
 * ops (they would create tracked tensors); we call other wasm kernels directly and free intermediates
 * with `disposeData` (notes/engine.md). Views of the wasm heap go stale when the heap grows, so take
 * them only after the last allocation.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.ts';

export type { BackendWasm };
export type KernelArgs = { inputs: Record<string, TensorInfo>; attrs?: NamedAttrMap; backend: BackendWasm };

/** Runs another registered wasm kernel on backend data (no tensor is created). */
export function runWasmKernel(backend: BackendWasm, name: string, inputs: Record<string, TensorInfo>, attrs: object): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`wasm kernel ${name} is not registered`);
  return kernel.kernelFunc({ inputs, attrs: attrs as NamedAttrMap, backend }) as TensorInfo;
}

export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** The raw bits of a float32 tensor's data, as int32. */
export function heapI32(backend: BackendWasm, info: TensorInfo): Int32Array {
  const size = info.shape.reduce((a, b) => a * b, 1);
  return new Int32Array(backend.wasm.HEAPU8.buffer, heapByteOffset(backend, info), size);
}

/** Byte offset of a tensor's data in the wasm heap (for code that works on the heap directly). */
export function heapByteOffset(backend: BackendWasm, info: TensorInfo): number {
  return (backend.dataIdMap.get(info.dataId) as unknown as { memoryOffset: number }).memoryOffset;
}

export function freeAll(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const i of infos) backend.disposeData(i.dataId);
}

export function transposeInfo(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasmKernel(backend, 'Transpose', { x }, { perm });
}

/** A stride-1 conv with explicit, possibly asymmetric padding and optional dilation. */
export function conv2dExplicit(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  pads: { top: number; bottom: number; left: number; right: number },
  dilations: [number, number] = [1, 1],
): TensorInfo {
  const pad = [
    [0, 0],
    [pads.top, pads.bottom],
    [pads.left, pads.right],
    [0, 0],
  ];
  return runWasmKernel(backend, 'Conv2D', { x, filter }, { strides: [1, 1], pad, dilations, dataFormat: 'NHWC', dimRoundingMode: undefined });
}

/** The pad attribute of TF.js conv and pool kernels. */
export type PadAttr = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

/** Attributes shared by Conv2DBackpropInput and Conv2DBackpropFilter. */
export interface ConvBackpropAttrs {
  strides: number | [number, number];
  pad: PadAttr;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}
