/**
 * Worker handler: one step of the model randomisation sanity check (issue 18, analysis 1). The run's
 * checkpoint is loaded afresh, the step's layers are re-initialised with their own initialisers
 * (reinitialise.ts), and its maps of the run's test images with a box are compared, image by image, with
 * the trained model's (Spearman of |S|, SSIM, top-k overlap: analysis/map-similarity.ts), then summarised
 * as medians over the images where the measures are defined. Step 0 (nothing re-initialised) compares a
 * fresh load of the trained model with the trained maps: 1 everywhere unless the maps are not deterministic.
 */
import { join } from 'node:path';
import type { MethodSimilarity, RandomisationJob, RandomisationStepResult, SimilaritySpread } from '../../../shared/experiments/randomisation.ts';
import { weightSeed } from '../../../shared/experiments/randomisation.ts';
import type { ProgressEvent } from '../../../shared/progress.ts';
import { LabError } from '../../../shared/result.ts';
import { layersModelAdapter } from '../../engine/layers-model-adapter.ts';
import { loadLayersModelFromDisk } from '../../engine/model-io.ts';
import { explainedImages } from '../blackbox/explained-images.ts';
import { checkpointsDir, readLatestCheckpoint } from '../../training/checkpoint.ts';
import { mapSimilarity } from '../../analysis/map-similarity.ts';
import { spread } from '../../../shared/statistics.ts';
import { reinitialiseLayers } from './reinitialise.ts';
import { type SummedMaps, summedMaps, summedMapsSteps } from './summed-maps.ts';
import { cachedTrainedMaps, keepTrainedMaps } from './trained-maps-cache.ts';
import { blockMean, galleryBox, galleryScale } from './gallery.ts';

function summary(values: number[]): SimilaritySpread {
  const s = spread(values);
  const orNull = (v: number) => (Number.isFinite(v) ? v : null);
  return { median: orNull(s.median), q1: orNull(s.q1), q3: orNull(s.q3) };
}

function allZero(s: Float32Array): boolean {
  return s.every((v) => v === 0);
}

export async function randomisationStep(job: RandomisationJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<RandomisationStepResult> {
  const ptr = readLatestCheckpoint(job.runDir);
  if (ptr === null) throw new LabError('not-found', `${job.runDir}: no trained checkpoint to randomise (train first)`);
  // The run's own explained images, as its maps and every other analysis of it take them.
  const { data, indices, size, x, shape } = explainedImages(job);
  if (indices.length === 0) throw new LabError('bad-input', `${job.runDir}: no test image with a box to explain`);
  const pixels = size * size;
  const modelDir = join(checkpointsDir(job.runDir), ptr.dir);

  const key = JSON.stringify({ modelDir, checkpoint: ptr, dataset: job.datasetDir, size: job.datasetSize, testFraction: job.testFraction, seed: job.seed, preprocessing: job.preprocessing, indices, methods: job.methods, options: job.options });
  const cached = cachedTrainedMaps(key);
  const per = summedMapsSteps(job.methods, job.options, indices.length);
  const total = (cached === null ? per : 0) + per;
  let trained: SummedMaps;
  if (cached === null) {
    const adapter = layersModelAdapter(await loadLayersModelFromDisk(modelDir));
    try {
      trained = summedMaps(adapter, x, shape, job.methods, job.options, (done) => emit({ type: 'progress', done, total, stage: 'maps: trained model' }), isCancelled);
    } finally {
      adapter.dispose?.();
    }
    keepTrainedMaps(key, trained);
  } else trained = cached;
  const offset = cached === null ? per : 0;

  // Data randomisation compares with another run's model (the recipe on shuffled labels), as trained.
  const otherPtr = job.compareRunDir === undefined ? null : readLatestCheckpoint(job.compareRunDir);
  if (job.compareRunDir !== undefined && otherPtr === null) throw new LabError('not-found', `${job.compareRunDir}: no trained checkpoint to compare with`);
  const model = await loadLayersModelFromDisk(otherPtr === null ? modelDir : join(checkpointsDir(job.compareRunDir!), otherPtr.dir));
  let reinitialised;
  try {
    reinitialised = reinitialiseLayers(model, job.randomise, (weight) => weightSeed(job.reinitSeed, weight));
  } catch (e) {
    model.dispose();
    throw e;
  }
  const adapter = layersModelAdapter(model);
  let randomised: SummedMaps;
  try {
    const stage = job.compareRunDir !== undefined ? 'maps: the model trained on shuffled labels' : job.randomise.length === 0 ? 'maps: trained model, loaded again' : `maps: ${job.randomise.join(', ')} re-initialised`;
    randomised = summedMaps(adapter, x, shape, job.methods, job.options, (done) => emit({ type: 'progress', done: offset + done, total, stage }), isCancelled);
  } finally {
    adapter.dispose?.();
  }

  // k per image: its box area, or a share of the pixels.
  const kOf = (n: number) => {
    const box = data.items[indices[n]].box!;
    return job.topK === 'box' ? Math.min(pixels, box.side * box.side) : Math.min(pixels, Math.max(1, Math.round((job.topK / 100) * pixels)));
  };
  const methods: MethodSimilarity[] = job.methods.map((method) => {
    const t = trained.maps.get(method)!;
    const r = randomised.maps.get(method)!;
    const rho: number[] = [];
    const ssim: number[] = [];
    const topK: number[] = [];
    let allZeroTrained = 0;
    let allZeroRandomised = 0;
    for (let n = 0; n < indices.length; n++) {
      const a = t.subarray(n * pixels, (n + 1) * pixels);
      const b = r.subarray(n * pixels, (n + 1) * pixels);
      if (allZero(a)) allZeroTrained++;
      if (allZero(b)) allZeroRandomised++;
      const s = mapSimilarity(a, b, size, size, kOf(n));
      if (s === null) continue;
      rho.push(s.spearman);
      ssim.push(s.ssim);
      topK.push(s.topK);
    }
    return { method, spearman: summary(rho), ssim: summary(ssim), topK: summary(topK), n: rho.length, images: indices.length, allZeroTrained, allZeroRandomised };
  });

  let gallery: RandomisationStepResult['gallery'] = null;
  if (job.gallery > 0) {
    const { factor, side } = galleryScale(size);
    const shown = Math.min(job.gallery, indices.length);
    const inputs = indices.slice(0, shown).map((index) => ({
      index,
      rgb: Uint8Array.from(blockMean(data.pixels, size, 3, factor, index * pixels * 3), (v) => Math.round(v)),
      box: galleryBox(data.items[index].box, factor),
    }));
    const maps = job.methods.map((method) => {
      const r = randomised.maps.get(method)!;
      return { method, maps: Array.from({ length: shown }, (_, n) => blockMean(r, size, 1, factor, n * pixels)) };
    });
    gallery = { side, factor, inputs, maps };
  }
  return { indices, methods, reinitialised, trainedFromCache: cached !== null, gallery, notHonoured: [...new Set([...trained.notHonoured, ...randomised.notHonoured])] };
}
