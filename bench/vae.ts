/**
 * VAE lines of `npm run bench -- engine` (issue 8): a training step (BCE + 5e-4·KL, Adam, batch norm in
 * training mode) and concept-saliency maps (RectGrad of S(x) = μ(x)·c through the encoder) for both
 * presets. The reference preset (128², 64…1024 filters) is timed on a small batch and few runs.
 */
import { DEFAULT_SALIENCY_OPTIONS } from '../src/shared/index.ts';
import { VAE_PRESETS, VAE_PRESET_TRAINING, type VaePreset } from '../src/shared/faces.ts';
import { tf, tfl } from '../src/worker/engine/tf.ts';
import type { Tensor } from '../src/worker/engine/tf.ts';
import { buildVae } from '../src/worker/models/vae.ts';
import { klTerm, reconstructionBce, reparameterise } from '../src/worker/models/vae-loss.ts';
import { conceptAdapter } from '../src/worker/experiments/vae-concept/concept-adapter.ts';
import { explain } from '../src/worker/saliency/explain.ts';
import { emit, measure } from './measure.ts';
import { modelFlops } from './flops.ts';

/** `rate`: GFLOP/s and ceiling fraction of FLOPs per image × n images in ms (bench/engine.ts). */
export async function benchVae(base: Record<string, unknown>, quick: boolean, rate: (flopsPerImage: number, n: number, ms: number) => Record<string, number>): Promise<void> {
  const presets: VaePreset[] = quick ? ['cpu'] : ['cpu', 'reference'];
  for (const preset of presets) {
    const arch = VAE_PRESETS[preset];
    const small = preset === 'reference';
    const trainBatch = small ? 4 : VAE_PRESET_TRAINING[preset].batchSize;
    const mapBatch = small ? 2 : 16;
    const size = arch.size;
    const v = buildVae(arch, 1);
    // A training step runs the encoder and decoder; the concept map only the encoder.
    const [vaeFlops, encoderFlops] = [modelFlops(v.vae), modelFlops(v.encoder)];
    const row = (item: string, ms: number, n: number, extra: Record<string, unknown> = {}) =>
      emit({ ...base, model: `vae-${preset}`, size, latent: arch.latent, batch: n, item, ms: +ms.toFixed(1), imagesPerSecond: +((n * 1000) / ms).toFixed(2), ...extra });

    const x = tf.randomUniform([trainBatch, size, size, 3], 0, 1, 'float32', 5);
    const eps = tf.randomNormal([trainBatch, arch.latent], 0, 1, 'float32', 6);
    const optimizer = tf.train.adam(VAE_PRESET_TRAINING[preset].learningRate);
    const vars = v.vae.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = () => {
      const cost = optimizer.minimize(
        () => {
          const [mu, lv] = v.encoder.apply(x, { training: true }) as Tensor[];
          const p = v.decoder.apply(reparameterise(mu, lv, eps), { training: true }) as Tensor;
          return tf.add(reconstructionBce(x, p), tf.mul(klTerm(mu, lv), 5e-4)) as tf.Scalar;
        },
        true,
        vars,
      );
      cost?.dispose();
    };
    const t = await measure(step, small ? { warmup: 1, minRuns: 2, minMs: 0 } : { warmup: 2 });
    row('train-step', t.medianMs, trainBatch, { runs: t.runs, ...rate(vaeFlops.trainStep, trainBatch, t.medianMs) });
    optimizer.dispose();
    tf.dispose([x, eps]);

    // Concept saliency: RectGrad of μ(x)·c, c a fixed random direction (the timing does not depend on it).
    const c = Float32Array.from({ length: arch.latent }, (_, k) => Math.sin(k + 1));
    // A standalone copy of the encoder for the adapter to own (a nested model shares its weights).
    let artifacts: tf.io.ModelArtifacts | null = null;
    await v.encoder.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    v.vae.dispose();
    const adapter = conceptAdapter(await tfl.loadLayersModel(tf.io.fromMemory(artifacts!)), c);
    const data = tf.tidy(() => tf.randomUniform([mapBatch, size, size, 3], 0, 1, 'float32', 9).dataSync() as Float32Array);
    const m = await measure(() => void explain(adapter, data, [mapBatch, size, size, 3], { method: 'rectgrad', options: DEFAULT_SALIENCY_OPTIONS, target: 0 }), small ? { warmup: 1, minRuns: 2, minMs: 0 } : {});
    row('concept-saliency:rectgrad', m.medianMs, mapBatch, { runs: m.runs, mapsPerSecond: +((mapBatch * 1000) / m.medianMs).toFixed(2), ...rate(encoderFlops.inputGradient, mapBatch, m.medianMs) });
    adapter.dispose?.();
  }
}
