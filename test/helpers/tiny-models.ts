/**
 * Tiny fixed networks for the method × model × backend tables: dense and CNN models in a fused form
 * (every ReLU inside its conv / dense layer, which TF.js runs as FusedConv2D / _FusedMatMul kernels) and
 * an unfused form (every ReLU a layer of its own, run as a Relu kernel) with identical weights,
 * and a functional model with every layer kind the three experiments use.
 */
import { tf, tfl } from '../../src/worker/engine/tf.ts';
import type { LayersModel } from '../../src/worker/engine/tf.ts';
import { seededArray } from './engine.ts';

export function setSeededWeights(model: LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (ws.length === 0) continue;
    const fresh = ws.map((w, i) => {
      const isBnVariance = layer.getClassName() === 'BatchNormalization' && i === 3;
      const lo = isBnVariance ? 0.5 : -0.6;
      const hi = isBnVariance ? 1.5 : 0.6;
      return tf.tensor(seededArray(w.size, s++ * 7919, lo, hi), w.shape);
    });
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
}

/** x = [1, 2], W1 = [[1, −1, 2], [1, 1, −1]], ReLU, W2 = [1, −2, 5] (notes/engine.md). */
export function handNet(): LayersModel {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [2], units: 3, activation: 'relu', useBias: false }),
      tfl.layers.dense({ units: 1, useBias: false }),
    ],
  });
  const w1 = tf.tensor2d([[1, -1, 2], [1, 1, -1]]);
  const w2 = tf.tensor2d([[1], [-2], [5]]);
  m.layers[0].setWeights([w1]);
  m.layers[1].setWeights([w2]);
  tf.dispose([w1, w2]);
  return m;
}

export function denseModel(fused: boolean): LayersModel {
  const layers = fused
    ? [
        tfl.layers.dense({ inputShape: [6], units: 8, activation: 'relu' }),
        tfl.layers.dense({ units: 5, activation: 'relu' }),
        tfl.layers.dense({ units: 3, activation: 'softmax' }),
      ]
    : [
        tfl.layers.dense({ inputShape: [6], units: 8 }),
        tfl.layers.reLU(),
        tfl.layers.dense({ units: 5 }),
        tfl.layers.activation({ activation: 'relu' }),
        tfl.layers.dense({ units: 3 }),
        tfl.layers.softmax(),
      ];
  const m = tfl.sequential({ layers });
  setSeededWeights(m, 11);
  return m;
}

export function cnnModel(fused: boolean, size = 10): LayersModel {
  const conv = (filters: number, first: boolean) =>
    tfl.layers.conv2d({
      ...(first ? { inputShape: [size, size, 3] } : {}),
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: fused ? 'relu' : 'linear',
    });
  const layers: tfl.layers.Layer[] = fused
    ? [conv(4, true), tfl.layers.maxPooling2d({ poolSize: 2 }), conv(5, false), tfl.layers.maxPooling2d({ poolSize: 2 })]
    : [conv(4, true), tfl.layers.reLU(), tfl.layers.maxPooling2d({ poolSize: 2 }), conv(5, false), tfl.layers.reLU(), tfl.layers.maxPooling2d({ poolSize: 2 })];
  layers.push(tfl.layers.globalAveragePooling2d({}), ...(fused ? [tfl.layers.dense({ units: 6, activation: 'relu' })] : [tfl.layers.dense({ units: 6 }), tfl.layers.reLU()]), tfl.layers.dense({ units: 2 }));
  const m = tfl.sequential({ layers });
  setSeededWeights(m, 23);
  return m;
}

/**
 * Every layer kind of the three experiments in one functional graph: zero padding, conv (valid, same,
 * strided), batch norm, ReLU, average and max pooling, residual add, conv2dTranspose, sigmoid,
 * flatten, dense, softmax.
 */
export function kitchenSinkModel(): LayersModel {
  const input = tfl.input({ shape: [9, 9, 3] });
  const padded = tfl.layers.zeroPadding2d({ padding: 1 }).apply(input) as tfl.SymbolicTensor;
  const c1 = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'valid' }).apply(padded) as tfl.SymbolicTensor;
  const bn = tfl.layers.batchNormalization({}).apply(c1) as tfl.SymbolicTensor;
  const r1 = tfl.layers.reLU().apply(bn) as tfl.SymbolicTensor;
  const pooled = tfl.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(r1) as tfl.SymbolicTensor;
  const shortcut = tfl.layers.conv2d({ filters: 4, kernelSize: 1, padding: 'same', activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
  const added = tfl.layers.add().apply([pooled, shortcut]) as tfl.SymbolicTensor;
  const down = tfl.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(added) as tfl.SymbolicTensor;
  const up = tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(down) as tfl.SymbolicTensor;
  const squashed = tfl.layers.activation({ activation: 'sigmoid' }).apply(up) as tfl.SymbolicTensor;
  const mp = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(squashed) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten().apply(mp) as tfl.SymbolicTensor;
  const d1 = tfl.layers.dense({ units: 7, activation: 'relu' }).apply(flat) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 3, activation: 'softmax' }).apply(d1) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: input, outputs: out });
  setSeededWeights(m, 37);
  return m;
}

/** Copies weights layer by layer from a fused model to its unfused twin (which has extra ReLU layers). */
export function copyWeights(from: LayersModel, to: LayersModel): void {
  const src = from.layers.filter((l) => l.getWeights().length > 0);
  const dst = to.layers.filter((l) => l.getWeights().length > 0);
  src.forEach((l, i) => dst[i].setWeights(l.getWeights()));
}
