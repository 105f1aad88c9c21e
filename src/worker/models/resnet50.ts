/**
 * ResNet50 with the layer names and structure of keras.applications.ResNet50 (v1, caffe
 * preprocessing), so weights converted from Keras with tensorflowjs_converter load into it by name.
 * Built without weights it serves the benchmarks; experiment 3 loads the real ones.
 */
import { tfl } from '../engine/tf.ts';
import type { LayersModel } from '../engine/tf.ts';

type ST = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: ST | ST[]) => layer.apply(x) as ST;

function block(x: ST, filters: number, stride: number, convShortcut: boolean, name: string): ST {
  const bn = (n: string) => tfl.layers.batchNormalization({ axis: 3, epsilon: 1.001e-5, name: n });
  let shortcut = x;
  if (convShortcut) {
    shortcut = apply(tfl.layers.conv2d({ filters: 4 * filters, kernelSize: 1, strides: stride, name: `${name}_0_conv` }), x);
    shortcut = apply(bn(`${name}_0_bn`), shortcut);
  }
  let y = apply(tfl.layers.conv2d({ filters, kernelSize: 1, strides: stride, name: `${name}_1_conv` }), x);
  y = apply(bn(`${name}_1_bn`), y);
  y = apply(tfl.layers.activation({ activation: 'relu', name: `${name}_1_relu` }), y);
  y = apply(tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', name: `${name}_2_conv` }), y);
  y = apply(bn(`${name}_2_bn`), y);
  y = apply(tfl.layers.activation({ activation: 'relu', name: `${name}_2_relu` }), y);
  y = apply(tfl.layers.conv2d({ filters: 4 * filters, kernelSize: 1, name: `${name}_3_conv` }), y);
  y = apply(bn(`${name}_3_bn`), y);
  y = apply(tfl.layers.add({ name: `${name}_add` }), [shortcut, y]);
  return apply(tfl.layers.activation({ activation: 'relu', name: `${name}_out` }), y);
}

function stack(x: ST, filters: number, blocks: number, stride: number, name: string): ST {
  let y = block(x, filters, stride, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) y = block(y, filters, 1, false, `${name}_block${i}`);
  return y;
}

export function buildResnet50(classes = 1000, size = 224): LayersModel {
  const input = tfl.input({ shape: [size, size, 3], name: 'input_1' });
  let x = apply(tfl.layers.zeroPadding2d({ padding: 3, name: 'conv1_pad' }), input);
  x = apply(tfl.layers.conv2d({ filters: 64, kernelSize: 7, strides: 2, name: 'conv1_conv' }), x);
  x = apply(tfl.layers.batchNormalization({ axis: 3, epsilon: 1.001e-5, name: 'conv1_bn' }), x);
  x = apply(tfl.layers.activation({ activation: 'relu', name: 'conv1_relu' }), x);
  x = apply(tfl.layers.zeroPadding2d({ padding: 1, name: 'pool1_pad' }), x);
  x = apply(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }), x);
  x = stack(x, 64, 3, 1, 'conv2');
  x = stack(x, 128, 4, 2, 'conv3');
  x = stack(x, 256, 6, 2, 'conv4');
  x = stack(x, 512, 3, 2, 'conv5');
  x = apply(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  const out = apply(tfl.layers.dense({ units: classes, activation: 'softmax', name: 'predictions' }), x);
  return tfl.model({ inputs: input, outputs: out, name: 'resnet50' });
}
