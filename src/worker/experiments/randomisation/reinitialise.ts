/**
 * Re-initialising chosen layers of a trained LayersModel as Adebayo et al. (2018) randomise a model: every
 * weight of the layer drawn afresh by the layer's OWN initialiser for it (the kernel's by its
 * kernelInitializer, the bias by its biasInitializer, …: what the layer was built with, kept in the
 * checkpoint's model.json), with a seed given per weight, so the same seed gives the same weights. The
 * rest of the model is left exactly as trained. tfjs-layers keeps a layer's initialisers as (private)
 * fields named after the weight; they are read here by that name.
 */
import { tf } from '../../engine/tf.ts';
import type { LayersModel, Tensor } from '../../engine/tf.ts';
import type { ReinitialisedWeight } from '../../../shared/experiments/randomisation.ts';
import { LabError } from '../../../shared/result.ts';

type Layer = LayersModel['layers'][number];

/** What tfjs-layers' Initializer offers at run time (its class and config make a reseeded copy). */
interface InitializerLike {
  apply(shape: number[], dtype?: tf.DataType): Tensor;
  getConfig(): Record<string, unknown>;
  getClassName(): string;
  constructor: { fromConfig(cls: unknown, config: Record<string, unknown>): InitializerLike };
}

/** The layer field holding the initialiser of a weight, where it is not `<camelCase name>Initializer`. */
const INITIALIZER_FIELD: Record<string, string> = {
  depthwise_kernel: 'depthwiseInitializer',
  pointwise_kernel: 'pointwiseInitializer',
  recurrent_kernel: 'recurrentInitializer',
};

function initializerField(weight: string): string {
  return INITIALIZER_FIELD[weight] ?? `${weight.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}Initializer`;
}

/** The weight's own name in its layer (`kernel`, `bias`, `moving_mean`): its name's last part. */
function shortName(variable: { originalName: string }): string {
  return variable.originalName.split('/').pop()!;
}

/** `VarianceScaling(scale=1, mode=fanAvg, distribution=uniform)`: the class and its parameters, the seed aside (it is recorded on its own). */
function describe(className: string, config: Record<string, unknown>): string {
  const params = Object.entries(config).filter(([k, v]) => k !== 'seed' && v !== undefined && v !== null);
  return params.length === 0 ? className : `${className}(${params.map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')})`;
}

/** The layers that hold weights, in the model's order (input side first). */
export function weightedLayers(model: LayersModel): Layer[] {
  return model.layers.filter((l) => l.weights.length > 0);
}

function layerByName(model: LayersModel, name: string): Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (layer === undefined) throw new LabError('bad-input', `the model has no layer "${name}" (its layers: ${model.layers.map((l) => l.name).join(', ')})`);
  if (layer.weights.length === 0) throw new LabError('bad-input', `layer "${name}" has no weights to re-initialise`);
  return layer;
}

/**
 * Draws every weight of each named layer afresh with the layer's own initialiser, reseeded with
 * `seedOf("<layer>/<weight>")` where the initialiser draws at random (one that draws nothing, such as
 * zeros, is applied as it is). Returns what was drawn, weight by weight. Leaves no tensor behind.
 */
export function reinitialiseLayers(model: LayersModel, names: readonly string[], seedOf: (weight: string) => number): ReinitialisedWeight[] {
  const drawn: ReinitialisedWeight[] = [];
  for (const name of names) {
    const layer = layerByName(model, name);
    for (const variable of layer.weights) {
      const short = shortName(variable);
      const field = initializerField(short);
      const own = (layer as unknown as Record<string, unknown>)[field] as InitializerLike | undefined;
      if (own === undefined || own === null || typeof own.apply !== 'function') {
        throw new LabError('bad-input', `layer "${name}": no initialiser of its own for its weight "${short}" (looked for ${field})`);
      }
      const weight = `${name}/${short}`;
      const config = own.getConfig();
      // Every random initialiser of tfjs-layers has a `seed` in its config (undefined when unseeded).
      const seed = Object.hasOwn(config, 'seed') ? seedOf(weight) : null;
      const initializer = seed === null ? own : own.constructor.fromConfig(own.constructor, { ...config, seed });
      // A weight's shape is concrete (only activations have unknown dimensions).
      const value = initializer.apply(variable.shape as number[], variable.dtype);
      try {
        variable.write(value);
      } finally {
        // The variable now holds the values itself (assign takes a reference).
        value.dispose();
      }
      drawn.push({ weight, initializer: describe(own.getClassName(), config), seed });
    }
  }
  return drawn;
}
