/**
 * The concept score as a ModelAdapter with one output, S(x) = μ(x)·c, built on the encoder through
 * the engine's layer walker, so every saliency method explains it with the exact rules of METHODS.md:
 * the RectGrad rule at every ReLU (the encoder's convs and dense fuse theirs), the padding trick at
 * each 'same' conv, inference-mode batch norm. Batch norm follows the ReLU here (ReLU then BN), so
 * the walker does not fold it into the conv before: folding is only for a conv with a linear activation.
 */
import { tf } from '../../engine/tf.ts';
import type { LayersModel, Tensor, Tensor2D } from '../../engine/tf.ts';
import type { ForwardContext, ModelAdapter } from '../../engine/model-adapter.ts';
import { layersModelAdapter } from '../../engine/layers-model-adapter.ts';

/** The adapter owns the encoder (disposing it disposes the encoder's weights) and a copy of c. */
export function conceptAdapter(encoder: LayersModel, c: Float32Array): ModelAdapter {
  const inner = layersModelAdapter(encoder); // its first output is μ
  if (inner.outputCount !== c.length) throw new Error(`concept vector of length ${c.length} for a latent of ${inner.outputCount}`);
  const column = tf.tensor2d(c, [c.length, 1]);
  return {
    inputShape: inner.inputShape,
    outputCount: 1,
    outputs(x: Tensor, ctx: ForwardContext): Tensor2D {
      return tf.matMul(inner.outputs(x, ctx), column);
    },
    dispose() {
      column.dispose();
      inner.dispose?.();
    },
  };
}
