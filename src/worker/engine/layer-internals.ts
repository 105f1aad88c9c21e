/**
 * The parts of tfjs-layers' internals that the layer-graph walker and batch-norm folding read: they are
 * public in the JS and private in the .d.ts, so they are typed once here, in one place to update if
 * tfjs-layers changes them.
 */
import type { Tensor } from './tf.ts';
import type { tfl } from './tf.ts';

export type Layer = tfl.layers.Layer;

export interface SymbolicLike {
  id: number;
}
export interface NodeLike {
  inputTensors: SymbolicLike[];
  outputTensors: SymbolicLike[];
}
export interface ActivationLike {
  apply(x: Tensor): Tensor;
  getClassName(): string;
}
export interface WeightLike {
  read(): Tensor;
  write(value: Tensor): void;
}

export interface LayerInternals {
  inboundNodes: NodeLike[];
  activation?: ActivationLike;
  padding?: string;
  kernel?: WeightLike;
  bias?: WeightLike | null;
  strides?: number[];
  dilationRate?: number[];
  dataFormat?: string;
  rank?: number;
  /** Containers (models nested as layers). */
  layers?: Layer[];
  inputs?: SymbolicLike[];
  outputs?: SymbolicLike[];
  /** BatchNormalization. */
  axis?: number;
  epsilon?: number;
  gamma?: WeightLike | null;
  beta?: WeightLike | null;
  movingMean?: WeightLike;
  movingVariance?: WeightLike;
}

export const internals = (l: Layer | tfl.LayersModel) => l as unknown as LayerInternals;
