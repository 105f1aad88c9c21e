/**
 * The VAE of experiment 2 (METHODS.md): encoder 5 convs stride 2 ('same'; four 5×5, then one 2×2),
 * each ReLU then BatchNorm; flatten; dense ReLU + BN; dense μ and dense log σ². Decoder mirrors it:
 * dense ReLU + BN, dense to the encoder's last feature map, five transposed convs stride 2 (2×2 first,
 * then 5×5 in the reference, `upKernel` in general), each ReLU then BN, and a final conv (5×5 in the
 * reference) with a sigmoid. The last transposed conv has half
 * the first encoder conv's filters (our choice: it runs at full resolution, the costliest layer).
 *
 * The encoder is its own LayersModel (input → [μ, log σ²]) so saliency can explain through it; the
 * decoder is another; `vae` nests both (input → [decoded μ, μ, log σ²]) and is what checkpoints save.
 */
import { tfl } from '../engine/tf.ts';
import type { LayersModel } from '../engine/tf.ts';
import type { VaeArchitecture } from '../../shared/faces.ts';
import { LabError } from '../../shared/result.ts';

export interface Vae {
  vae: LayersModel;
  encoder: LayersModel;
  decoder: LayersModel;
}

type Sym = tfl.SymbolicTensor;

export const BN_MOMENTUM = 0.9;

export function checkArchitecture(a: VaeArchitecture): void {
  if (!Number.isInteger(a.size) || a.size % 32 !== 0 || a.size < 32) throw new LabError('bad-input', `VAE image size must be a multiple of 32 (five stride-2 convs), got ${a.size}`);
  if (!Number.isInteger(a.latent) || a.latent < 2 || a.latent > 2048) throw new LabError('bad-input', `latent size must be an integer in [2, 2048], got ${a.latent}`);
}

export function buildVae(a: VaeArchitecture, seed = 1): Vae {
  checkArchitecture(a);
  let k = 0;
  const init = () => tfl.initializers.glorotUniform({ seed: seed * 1000 + k++ });
  // Momentum 0.9 (PyTorch's default, 0.1 in its convention) rather than Keras's 0.99: with the few
  // hundred steps of a CPU run, 0.99 leaves the moving statistics that eval, concept and maps use
  // (inference mode) well behind the weights they were trained with.
  const bn = (x: Sym, name: string) => tfl.layers.batchNormalization({ name, momentum: BN_MOMENTUM }).apply(x) as Sym;

  const input = tfl.input({ shape: [a.size, a.size, 3], name: 'image' });
  let h: Sym = input;
  a.filters.forEach((filters, i) => {
    const kernelSize = i === 4 ? 2 : 5;
    const padding = i === 4 ? a.lastPadding : 'same';
    h = tfl.layers.conv2d({ filters, kernelSize, strides: 2, padding, activation: 'relu', kernelInitializer: init(), name: `enc_conv${i + 1}` }).apply(h) as Sym;
    h = bn(h, `enc_bn${i + 1}`);
  });
  const last = h.shape.slice(1) as number[];
  h = tfl.layers.flatten({ name: 'enc_flatten' }).apply(h) as Sym;
  h = tfl.layers.dense({ units: a.dense, activation: 'relu', kernelInitializer: init(), name: 'enc_dense' }).apply(h) as Sym;
  h = bn(h, 'enc_bn_dense');
  const mu = tfl.layers.dense({ units: a.latent, kernelInitializer: init(), name: 'mu' }).apply(h) as Sym;
  const logvar = tfl.layers.dense({ units: a.latent, kernelInitializer: tfl.initializers.zeros(), name: 'logvar' }).apply(h) as Sym;
  const encoder = tfl.model({ inputs: input, outputs: [mu, logvar], name: 'encoder' });

  const z = tfl.input({ shape: [a.latent], name: 'z' });
  let d: Sym = tfl.layers.dense({ units: a.dense, activation: 'relu', kernelInitializer: init(), name: 'dec_dense' }).apply(z) as Sym;
  d = bn(d, 'dec_bn_dense');
  d = tfl.layers.dense({ units: last[0] * last[1] * last[2], activation: 'relu', kernelInitializer: init(), name: 'dec_dense_map' }).apply(d) as Sym;
  d = bn(d, 'dec_bn_map');
  d = tfl.layers.reshape({ targetShape: last, name: 'dec_reshape' }).apply(d) as Sym;
  const up = [a.filters[3], a.filters[2], a.filters[1], a.filters[0], Math.max(8, a.filters[0] / 2)];
  up.forEach((filters, i) => {
    const kernelSize = i === 0 ? 2 : a.upKernel;
    d = tfl.layers.conv2dTranspose({ filters, kernelSize, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(), name: `dec_deconv${i + 1}` }).apply(d) as Sym;
    d = bn(d, `dec_bn${i + 1}`);
  });
  const out = tfl.layers.conv2d({ filters: 3, kernelSize: a.outKernel, padding: 'same', activation: 'sigmoid', kernelInitializer: init(), name: 'dec_out' }).apply(d) as Sym;
  const decoder = tfl.model({ inputs: z, outputs: out, name: 'decoder' });

  const x = tfl.input({ shape: [a.size, a.size, 3], name: 'x' });
  const [m, lv] = encoder.apply(x) as Sym[];
  const vae = tfl.model({ inputs: x, outputs: [decoder.apply(m) as Sym, m, lv], name: 'vae' });
  return { vae, encoder, decoder };
}

/** The nested encoder and decoder of a loaded `vae` container. */
export function splitVae(vae: LayersModel): Vae {
  const encoder = vae.getLayer('encoder') as unknown as LayersModel;
  const decoder = vae.getLayer('decoder') as unknown as LayersModel;
  if (!(encoder instanceof tfl.LayersModel) || !(decoder instanceof tfl.LayersModel)) throw new LabError('bad-input', 'not a VAE checkpoint: no nested "encoder" and "decoder" models');
  return { vae, encoder, decoder };
}

/** The VAE's architecture, read back from a model (latent and size from the shapes). */
export function vaeShape(v: Vae): { size: number; latent: number } {
  return { size: v.encoder.inputs[0].shape[1] as number, latent: v.encoder.outputs[0].shape[1] as number };
}
