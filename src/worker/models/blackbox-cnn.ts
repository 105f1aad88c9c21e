/**
 * The experiment-1 classifier of METHODS.md: 3 × [conv 3×3 'same' ReLU (32, 64, 128), max-pool 2] →
 * global average pool → dense 64 ReLU → dense 2 logits (softmax applied in the loss, so the model's
 * output is the logits the maps explain).
 */
import { tf, tfl } from '../engine/tf.ts';
import type { LayersModel } from '../engine/tf.ts';

export const BLACKBOX_CNN_ID = 'blackbox-cnn';

export function buildBlackboxCnn(size: number, seed = 1): LayersModel {
  const init = (i: number) => tfl.initializers.glorotUniform({ seed: seed * 1000 + i });
  const layers: tfl.layers.Layer[] = [];
  [32, 64, 128].forEach((filters, i) => {
    layers.push(
      tfl.layers.conv2d({
        ...(i === 0 ? { inputShape: [size, size, 3] } : {}),
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(i),
        name: `conv${i + 1}`,
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }),
    );
  });
  layers.push(
    tfl.layers.globalAveragePooling2d({ name: 'gap' }),
    tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(10), name: 'fc1' }),
    tfl.layers.dense({ units: 2, kernelInitializer: init(11), name: 'logits' }),
  );
  return tfl.sequential({ layers, name: BLACKBOX_CNN_ID });
}

/** Softmax cross-entropy on logits, mean over the batch. */
export function logitsCrossEntropy(labelsOneHot: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(labelsOneHot, logits) as tf.Scalar;
}
