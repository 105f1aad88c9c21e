/**
 * The one gateway to TF.js for the whole worker (DESIGN.md boundary table: `@tensorflow/*` through
 * engine/ only). Loading tfjs-layers also registers every op's gradient in Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';

export { tf, tfl };
export type { GradConfig, Tensor, Tensor1D, Tensor2D, Tensor4D, Rank, NamedTensorMap } from '@tensorflow/tfjs-core';
export type { LayersModel } from '@tensorflow/tfjs-layers';
