/**
 * Trains the experiment-2 VAE in a worker thread, mirroring train-classifier.ts: Adam on BCE + w·KL
 * with batch norm in training mode, a seeded reparameterisation noise, seeded shuffles, events per
 * batch (throttled) and per epoch with reconstruction loss, KL, images/s and ETA, reconstructions of
 * fixed test faces per epoch (a uint8 file in the run folder), a checkpoint per epoch with the
 * optimizer's state, cancellation between batches, and resume from the last checkpoint.
 */
import { mkdirSync } from 'node:fs';
import { writeFileAtomicSync } from '../../node/atomic-write.ts';
import { join } from 'node:path';
import type { VaeTrainConfig, VaeTrainEvent } from '../../shared/faces.ts';
import { VAE_PRESETS } from '../../shared/faces.ts';
import { LabError } from '../../shared/result.ts';
import { tf } from '../engine/tf.ts';
import type { Tensor } from '../engine/tf.ts';
import { assertNoSaliencyScope } from '../engine/saliency-scope.ts';
import { internals } from '../engine/layer-internals.ts';
import { type Vae, buildVae, splitVae, vaeShape } from '../models/vae.ts';
import { klTerm, reconstructionBce, reparameterise } from '../models/vae-loss.ts';
import { toUnitFloat } from '../data/dataset-files.ts';
import { type LoadedFaces, splitIndices } from '../data/faces/face-dataset-files.ts';
import { makeRng, permutation, subSeed } from '../data/prng.ts';
import { loadCheckpoint, readLatestCheckpoint, saveCheckpoint } from './checkpoint.ts';

export interface VaeTrainOutcome {
  vae: Vae;
  train: number[];
  test: number[];
  epochsDone: number;
  resumedFrom: number;
  testReconstructionLoss: number;
  testKl: number;
  reconstructionIndices: number[];
  originalsFile: string;
}

const BATCH_EVENT_INTERVAL_MS = 250;
/** Batches per epoch-end batch-norm recalibration (forward only): about 10 % of a 1,600-face epoch. */
const BN_RECALIBRATION_BATCHES = 10;
export const RECONSTRUCTIONS_DIR = 'reconstructions';

/** Seeded standard normal noise for one batch: the same (seed, epoch, batch) always gives the same ε. */
function noise(seed: number, epoch: number, batch: number, n: number, latent: number): Tensor {
  const rng = makeRng(subSeed(seed, 30 + epoch, batch));
  const eps = new Float32Array(n * latent);
  for (let i = 0; i < eps.length; i++) eps[i] = rng.normal();
  return tf.tensor2d(eps, [n, latent]);
}

/** Images [N,H,W,3] in [0, 1] of the given dataset indices. */
export function facesTensor(data: LoadedFaces, idx: readonly number[]): Tensor {
  return tf.tensor4d(toUnitFloat(data.pixels, idx, data.size), [idx.length, data.size, data.size, 3]);
}

/** Mean BCE and KL over a set of faces, inference mode, z = μ. */
export function evaluateVae(v: Vae, data: LoadedFaces, idx: readonly number[], batch = 50): { reconstructionLoss: number; kl: number } {
  let rec = 0;
  let kl = 0;
  for (let s = 0; s < idx.length; s += batch) {
    const part = idx.slice(s, s + batch);
    const [r, k] = tf.tidy(() => {
      const x = facesTensor(data, part);
      const [mu, lv] = v.encoder.predict(x) as Tensor[];
      const p = v.decoder.predict(mu) as Tensor;
      return [reconstructionBce(x, p).dataSync()[0], klTerm(mu, lv).dataSync()[0]];
    });
    rec += r * part.length;
    kl += k * part.length;
  }
  const n = Math.max(1, idx.length);
  return { reconstructionLoss: rec / n, kl: kl / n };
}

/** Decodes μ of the given faces (inference mode) to RGB uint8 [K,H,W,3]. */
export function reconstruct(v: Vae, data: LoadedFaces, idx: readonly number[]): Uint8Array {
  return tf.tidy(() => {
    const mu = (v.encoder.predict(facesTensor(data, idx)) as Tensor[])[0];
    const p = v.decoder.predict(mu) as Tensor;
    return Uint8Array.from(tf.round(tf.mul(p, 255)).dataSync());
  });
}

/**
 * Starts the decoder's sigmoid output at the training faces' mean colour (bias = logit of the mean of
 * each channel) instead of 0.5 everywhere. With Adam at 1e-3 a bias moves about 1e-3 a step, so from
 * 0 the decoder spent its first epochs learning the mean face (the loss sat at the mean image's BCE).
 */
export function initOutputBias(v: Vae, data: LoadedFaces, train: readonly number[]): void {
  const per = data.size * data.size * 3;
  const sums = new Float64Array(3);
  const sample = train.slice(0, 500);
  for (const i of sample) {
    const px = data.pixels.subarray(i * per, (i + 1) * per);
    for (let k = 0; k < per; k++) sums[k % 3] += px[k];
  }
  const out = v.decoder.getLayer('dec_out');
  const logit = Array.from(sums, (s) => {
    const m = Math.min(0.98, Math.max(0.02, s / Math.max(1, (sample.length * per) / 3) / 255));
    return Math.log(m / (1 - m));
  });
  // The layer's own bias variable, never found by its generated name: TF.js uniquifies variable names
  // of a second model built in the same worker (`dec_out/bias_1`), so a name match fails on the 2nd VAE.
  const bias = internals(out).bias;
  if (bias === undefined || bias === null) throw new Error('the decoder output layer has no bias');
  const b = tf.tensor1d(logit);
  bias.write(b);
  b.dispose();
}

/**
 * Precise batch norm (Wu & Johnson 2021, "Rethinking 'Batch' in BatchNorm"): after an epoch, set every
 * batch norm's moving mean and variance to the average over `batches` training batches of the final
 * weights, so evaluation, reconstructions, the concept and the maps (all in inference mode) see the
 * statistics the weights were trained with. Moving averages lag the weights: on a tiny set trained at
 * 3e-3 the inference-mode test BCE was 0.77–0.82 where the training-mode one was 0.68.
 */
export function recalibrateBatchNorm(v: Vae, data: LoadedFaces, train: readonly number[], batchSize: number, batches: number, seed: number): void {
  const layers = [...v.encoder.layers, ...v.decoder.layers].filter((l) => l.getClassName() === 'BatchNormalization') as unknown as Array<{ momentum: number }>;
  const saved = layers.map((l) => l.momentum);
  const order = permutation(train.length, makeRng(subSeed(seed, 12, 0))).map((k) => train[k]);
  const n = Math.min(batches, Math.floor(order.length / batchSize));
  const latent = vaeShape(v).latent;
  try {
    for (let b = 0; b < n; b++) {
      // momentum 1 − 1/(b+1): the moving value becomes the running mean of the batch values.
      for (const l of layers) l.momentum = 1 - 1 / (b + 1);
      tf.tidy(() => {
        const x = facesTensor(data, order.slice(b * batchSize, (b + 1) * batchSize));
        const [mu, lv] = v.encoder.apply(x, { training: true }) as Tensor[];
        const eps = noise(seed, 9999, b, batchSize, latent);
        v.decoder.apply(reparameterise(mu, lv, eps), { training: true });
      });
    }
  } finally {
    layers.forEach((l, k) => (l.momentum = saved[k]));
  }
}

function checkData(data: LoadedFaces, size: number): void {
  if (data.size !== size) throw new LabError('bad-input', `the dataset's images are ${data.size}×${data.size}, the VAE preset needs ${size}×${size}`);
}

export async function trainVae(
  data: LoadedFaces,
  config: VaeTrainConfig,
  runDir: string,
  resume: boolean,
  emit: (e: VaeTrainEvent) => void,
  isCancelled: () => boolean,
): Promise<VaeTrainOutcome> {
  const arch = { ...VAE_PRESETS[config.preset], size: data.size, ...(config.latent !== undefined ? { latent: config.latent } : {}) };
  const train = splitIndices(data.items, 'train');
  const test = splitIndices(data.items, 'test');
  if (train.length === 0 || test.length === 0) throw new LabError('bad-input', `the dataset needs train and test faces, it has ${train.length} and ${test.length}`);
  const optimizer = tf.train.adam(config.learningRate);
  const ptr = resume ? readLatestCheckpoint(runDir) : null;
  const vae = ptr !== null ? splitVae(await loadCheckpoint(runDir, ptr, optimizer)) : buildVae(arch, config.seed);
  checkData(data, vaeShape(vae).size);
  if (ptr === null) initOutputBias(vae, data, train);
  const latent = vaeShape(vae).latent;
  // Order matters for Adam's state (matched by position on resume), so the list is explicit.
  const vars = vae.vae.trainableWeights.map((w) => w.read() as tf.Variable);
  const reconstructionIndices = test.slice(0, config.reconstructionCount);
  const reconDir = join(runDir, RECONSTRUCTIONS_DIR);
  mkdirSync(reconDir, { recursive: true });
  const originalsFile = join(RECONSTRUCTIONS_DIR, 'originals.bin');
  const per = data.size * data.size * 3;
  writeFileAtomicSync(join(runDir, originalsFile), Uint8Array.from(reconstructionIndices.flatMap((i) => Array.from(data.pixels.subarray(i * per, (i + 1) * per)))));

  const startEpoch = ptr?.epoch ?? 0;
  const batches = Math.ceil(train.length / config.batchSize);
  const totalImages = (config.epochs - startEpoch) * train.length;
  const started = performance.now();
  let imagesDone = 0;
  let lastEmit = 0;
  let test1 = { reconstructionLoss: NaN, kl: NaN };
  try {
    for (let epoch = startEpoch + 1; epoch <= config.epochs; epoch++) {
      const order = permutation(train.length, makeRng(subSeed(config.seed, 11, epoch))).map((k) => train[k]);
      let recSum = 0;
      let klSum = 0;
      for (let b = 0; b < batches; b++) {
        if (isCancelled()) throw new LabError('cancelled', `training cancelled in epoch ${epoch}; resume continues from epoch ${epoch - 1}`);
        const part = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
        const x = facesTensor(data, part);
        const eps = noise(config.seed, epoch, b, part.length, latent);
        let parts: Tensor | null = null;
        assertNoSaliencyScope('VAE training step');
        const cost = optimizer.minimize(
          () => {
            const [mu, lv] = vae.encoder.apply(x, { training: true }) as Tensor[];
            const p = vae.decoder.apply(reparameterise(mu, lv, eps), { training: true }) as Tensor;
            const rec = reconstructionBce(x, p);
            const kl = klTerm(mu, lv);
            parts = tf.keep(tf.stack([rec, kl]));
            return tf.add(rec, tf.mul(kl, config.klWeight)) as tf.Scalar;
          },
          true,
          vars,
        );
        const lossValue = cost!.dataSync()[0];
        const [rec, kl] = (parts as Tensor | null)?.dataSync() ?? [NaN, NaN];
        tf.dispose([x, eps, cost!, parts as Tensor | null].filter((t): t is Tensor => t !== null));
        if (!Number.isFinite(lossValue)) throw new LabError('engine', `training diverged: loss ${lossValue} in epoch ${epoch}, batch ${b + 1}`);
        recSum += rec * part.length;
        klSum += kl * part.length;
        imagesDone += part.length;
        const now = performance.now();
        if (now - lastEmit > BATCH_EVENT_INTERVAL_MS || b === batches - 1) {
          lastEmit = now;
          const ips = imagesDone / ((now - started) / 1000);
          emit({ type: 'batch', epoch, batch: b + 1, batches, loss: lossValue, reconstructionLoss: rec, kl, imagesPerSecond: ips, etaSeconds: (totalImages - imagesDone) / ips, time: new Date().toISOString() });
        }
      }
      recalibrateBatchNorm(vae, data, train, config.batchSize, BN_RECALIBRATION_BATCHES, subSeed(config.seed, 13, epoch));
      test1 = evaluateVae(vae, data, test);
      const reconstructionsFile = join(RECONSTRUCTIONS_DIR, `epoch-${String(epoch).padStart(3, '0')}.bin`);
      writeFileAtomicSync(join(runDir, reconstructionsFile), reconstruct(vae, data, reconstructionIndices));
      await saveCheckpoint(runDir, epoch, vae.vae, optimizer);
      const ips = imagesDone / ((performance.now() - started) / 1000);
      const reconstructionLoss = recSum / train.length;
      const kl = klSum / train.length;
      emit({
        type: 'epoch',
        epoch,
        epochs: config.epochs,
        loss: reconstructionLoss + config.klWeight * kl,
        reconstructionLoss,
        kl,
        testReconstructionLoss: test1.reconstructionLoss,
        testKl: test1.kl,
        imagesPerSecond: ips,
        etaSeconds: (totalImages - imagesDone) / ips,
        time: new Date().toISOString(),
        reconstructionsFile,
        reconstructionIndices,
      });
    }
  } catch (e) {
    vae.vae.dispose();
    throw e;
  } finally {
    optimizer.dispose();
  }
  if (startEpoch >= config.epochs) test1 = evaluateVae(vae, data, test);
  return {
    vae,
    train,
    test,
    epochsDone: config.epochs,
    resumedFrom: startEpoch,
    testReconstructionLoss: test1.reconstructionLoss,
    testKl: test1.kl,
    reconstructionIndices,
    originalsFile,
  };
}
