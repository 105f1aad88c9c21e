/**
 * FLOPs of a Keras-style model's convolutions and dense layers (issue 20: every engine line prints the
 * GFLOP/s it achieved). A multiply-add counts 2. Element-wise layers (batch norm, ReLU, pooling, adds)
 * are not counted: they are memory-bound and small next to the convs, so a line's GFLOP/s is a lower
 * bound of the arithmetic the engine did. Nested models (the VAE's encoder and decoder) are walked.
 *
 * Per image:
 * - forward F = Σ layers 2 · taps · C_in · C_out · outputs;
 * - an input gradient (every saliency pass) adds the input-gradient convs of every layer: F again;
 * - a training step adds the filter gradients (F) and the input gradients of every layer but the first
 *   (nothing asks for the gradient of the images): 3F − (the first layer's share).
 */
import type { tfl } from '../src/worker/engine/tf.ts';

type Layer = tfl.layers.Layer;
type Shape = readonly (number | null)[];

export interface ModelFlops {
  /** One forward pass of one image. */
  forward: number;
  /** Forward and input gradient of one image (one gradient-like saliency pass). */
  inputGradient: number;
  /** One training step of one image: forward, input gradients below the first layer, filter gradients. */
  trainStep: number;
}

const prod = (xs: readonly (number | null)[]) => xs.reduce<number>((a, b) => a * (b ?? 1), 1);

/** The FLOPs of one layer's forward pass for one image (0 for layers this count leaves out). */
function layerFlops(layer: Layer): number {
  const name = layer.getClassName();
  const kernel = (layer as unknown as { kernel?: { shape: number[] }; depthwiseKernel?: { shape: number[] } });
  const out = layer.outputShape as Shape;
  const spatial = (s: Shape) => prod(s.slice(1, -1));
  if (name === 'Conv2D' || name === 'Conv1D' || name === 'Conv3D') {
    // kernel [..taps, C_in, C_out], one multiply-add per tap, input channel and output element.
    const k = kernel.kernel!.shape;
    return 2 * prod(k) * spatial(out);
  }
  if (name === 'Conv2DTranspose') {
    // Each input pixel scatters taps · C_out values: 2 · taps · C_in · C_out · inputs, inputs = outputs / stride².
    const k = kernel.kernel!.shape;
    const strides = (layer as unknown as { strides: number[] }).strides;
    return (2 * prod(k) * spatial(out)) / prod(strides);
  }
  if (name === 'DepthwiseConv2D') return 2 * prod(kernel.depthwiseKernel!.shape) * spatial(out);
  if (name === 'Dense') return 2 * prod(kernel.kernel!.shape) * prod(out.slice(1, -1));
  return 0;
}

/** Every leaf layer of the model, nested models opened, in order. */
function leafLayers(model: tfl.LayersModel): Layer[] {
  return model.layers.flatMap((l) => ('layers' in l && Array.isArray((l as unknown as tfl.LayersModel).layers) ? leafLayers(l as unknown as tfl.LayersModel) : [l]));
}

export function modelFlops(model: tfl.LayersModel): ModelFlops {
  const counts = leafLayers(model).map(layerFlops).filter((f) => f > 0);
  const forward = counts.reduce((a, b) => a + b, 0);
  return { forward, inputGradient: 2 * forward, trainStep: 3 * forward - (counts[0] ?? 0) };
}

/** GFLOP/s of `flops` done in `ms`. */
export const gflops = (flops: number, ms: number) => +(flops / ms / 1e6).toFixed(2);
