/**
 * Where a LayersModel cannot be explained exactly as a modified-backprop method asks, in words: the
 * same lines come from the load-time scan (`layersModelRuleGaps`, shown with the model) and from the
 * walker while it computes a map (recorded with the map as `notHonoured`), so the two never disagree.
 */
import { tfl } from './tf.ts';
import { activationCoverage } from './activation-rules.ts';
import { type Layer, internals } from './layer-internals.ts';

/** Layers with no nonlinearity of their own the rule could concern (max-pooling: the ordinary gradient). */
const RULE_FREE_LAYERS = new Set([
  'InputLayer', 'BatchNormalization', 'LayerNormalization', 'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D',
  'AveragePooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
  'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Add', 'Subtract', 'Average', 'Maximum', 'Minimum', 'Multiply',
  'Concatenate', 'Dot', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout',
  'AlphaDropout', 'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'Rescaling', 'CenterCrop', 'Resizing', 'Masking',
]);

/** Conv layers whose 'same' padding the padding trick concerns (METHODS.md). */
export const PADDING_TRICK_CONVS = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);

export function activationGap(layerName: string, activation: string): string {
  return `layer ${layerName} (${activation} activation): the rule is defined at ReLUs only; this layer passes the plain gradient`;
}

export function layerGap(layerName: string, cls: string): string {
  return `layer ${layerName} (${cls}): the rule is defined at ReLUs only; this layer passes its own plain gradient`;
}

export function paddingTrickSkipped(layerName: string, h: number, w: number): string {
  return `padding trick skipped at ${layerName}: its 'same' output is ${h}×${w} px, which has no interior (zeroing its 1-px border would zero the whole gradient)`;
}

/** The layer's class when it is a nonlinearity the rule does not cover, else null. */
export function uncoveredLayerClass(layer: Layer): string | null {
  const cls = layer.getClassName();
  if (RULE_FREE_LAYERS.has(cls) || cls === 'ReLU' || cls === 'Activation' || internals(layer).activation !== undefined) return null;
  return cls;
}

function spatial(shape: unknown): [number, number] | null {
  const s = (Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape) as Array<number | null>;
  return Array.isArray(s) && s.length === 4 && typeof s[1] === 'number' && typeof s[2] === 'number' ? [s[1], s[2]] : null;
}

/**
 * What a rule (RectGrad, guided backprop) and the padding trick cannot do in this model, found from its
 * layers and static shapes. The final softmax/sigmoid is skipped to reach the logits, so it is no gap.
 */
export function layersModelRuleGaps(model: tfl.LayersModel, opts: { paddingTrick: boolean }): string[] {
  const out: string[] = [];
  const finalOf = (m: tfl.LayersModel) => (m.outputs[0] as unknown as { sourceLayer?: Layer }).sourceLayer;
  // As the walker does: the final layer of a container whose output is the model's is final too, so a
  // softmax at the end of a nested model is stripped there and is no gap here either.
  const visit = (container: tfl.LayersModel, explainLogits: boolean) => {
    const finalLayer = finalOf(container);
    for (const layer of container.layers) {
      if (layer instanceof tfl.LayersModel) {
        visit(layer, explainLogits && layer === finalLayer);
        continue;
      }
      const li = internals(layer);
      const isFinal = explainLogits && layer === finalLayer;
      const act = li.activation?.getClassName();
      if (act !== undefined) {
        const c = activationCoverage(act);
        const squashesLogits = isFinal && (act === 'softmax' || act === 'sigmoid');
        if (c.kind === 'other' && !squashesLogits) out.push(activationGap(layer.name, act));
      }
      const cls = uncoveredLayerClass(layer);
      if (cls !== null && !(isFinal && cls === 'Softmax')) out.push(layerGap(layer.name, cls));
      if (opts.paddingTrick && PADDING_TRICK_CONVS.has(layer.getClassName()) && li.padding === 'same') {
        const hw = spatial(layer.outputShape);
        if (hw !== null && (hw[0] <= 2 || hw[1] <= 2)) out.push(paddingTrickSkipped(layer.name, hw[0], hw[1]));
      }
    }
  };
  visit(model, true);
  return out;
}
