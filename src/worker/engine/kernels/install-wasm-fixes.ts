/**
 * Replaces wasm kernels that are missing, wrong or slow (notes/engine.md). One readable list, in the
 * spirit of tfjs' register_all_kernels.ts. Called once the wasm backend is ready; idempotent.
 */
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { tf } from '../tf.ts';
import { makeConv2DBackpropFilter } from './conv2d-backprop-filter.ts';
import { makeConv2DBackpropInput } from './conv2d-backprop-input.ts';
import { makeMaxPoolGrad } from './max-pool-grad.ts';
import { makeIdentity } from './identity.ts';
import { makeSumLeadingAxes } from './sum-leading-axes.ts';
import { KTH_LARGEST, makeKthLargest } from './kth-largest.ts';
import { makeChannelBroadcast } from './channel-broadcast.ts';

let installed = false;

function replace(kernelName: string, make: (stock: KernelFunc) => KernelFunc): void {
  const existing = tf.getKernel(kernelName, 'wasm');
  const stock: KernelFunc =
    existing?.kernelFunc ??
    (() => {
      throw new Error(`wasm has no stock ${kernelName}`);
    });
  if (existing !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: make(stock) });
}

export function installWasmKernelFixes(): void {
  if (installed) return;
  installed = true;
  replace('Conv2DBackpropInput', makeConv2DBackpropInput);
  replace('Conv2DBackpropFilter', makeConv2DBackpropFilter);
  replace('MaxPoolGrad', makeMaxPoolGrad);
  replace('Identity', makeIdentity);
  replace('Sum', makeSumLeadingAxes);
  for (const k of ['Add', 'Sub', 'Multiply'] as const) replace(k, makeChannelBroadcast(k));
  tf.registerKernel({ kernelName: KTH_LARGEST, backendName: 'wasm', kernelFunc: makeKthLargest() });
}

/** The kernels this engine replaces on wasm, for reports and tests (it also adds KTH_LARGEST). */
export const REPLACED_WASM_KERNELS = ['Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad', 'Identity', 'Sum', 'Add', 'Sub', 'Multiply'] as const;
