/**
 * Experiment 3 in the worker (paper Fig. 3): load the model, read or generate the images, preprocess
 * them with the chosen preset, take each image's top-5, compute every method's maps of the target logit,
 * and turn them into the zero-point numbers and Fig. 3b scatter data. Writes into the run folder:
 * saliency/<method>.npy ([N, H, W, 3], model channel order), inputs.npy (raw RGB in [0, 1]) and
 * model-maps.json (names, top-5, numbers, scatter points).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MIN_BIN_COUNT, binCentres, binEdges } from '../../../shared/binning.ts';
import type { ModelMapsJob, ModelMapsResult, ModelMethodNumbers, TopClass } from '../../../shared/models.ts';
import { PREPROCESSING_PRESETS, preprocess, zeroPoint } from '../../../shared/preprocessing.ts';
import { encodeNpy } from '../../../shared/npy.ts';
import { firstNonFinite } from '../../../shared/finite.ts';
import { LabError } from '../../../shared/result.ts';
import type { ProgressEvent } from '../../../shared/worker-protocol.ts';
import { activeBackend } from '../../engine/backend.ts';
import { forwardScores } from '../../engine/modified-backprop.ts';
import { tf } from '../../engine/tf.ts';
import { writeFileAtomicSync } from '../../../node/atomic-write.ts';
import { explain, explainSteps } from '../../saliency/explain.ts';
import { loadModel } from '../../models/load-model.ts';
import { generatedImages, readImageFolder } from '../../models/model-images.ts';
import { scatterPoints, zeroPointNumbers } from './zero-point.ts';

const BATCH = 8;

function topK(logits: Float32Array, k: number): TopClass[] {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let z = 0;
  for (const v of logits) z += Math.exp(v - max);
  return [...logits.keys()]
    .sort((a, b) => logits[b] - logits[a])
    .slice(0, k)
    .map((index) => ({ index, logit: logits[index], probability: Math.exp(logits[index] - max) / z }));
}

export async function runModelMaps(job: ModelMapsJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<ModelMapsResult> {
  const loaded = await loadModel(job.model, job.size);
  const { adapter, inspection } = loaded;
  try {
    const [h, w, c] = adapter.inputShape;
    if (adapter.inputShape.length !== 3 || c !== 3) throw new LabError('bad-input', `${job.model.path}: the model takes [${adapter.inputShape.join(',')}]; images need [H,W,3]`);
    if ((h !== -1 && h !== job.size) || (w !== -1 && w !== job.size)) throw new LabError('bad-input', `${job.model.path}: the model takes ${h}×${w} images, not ${job.size}×${job.size}`);
    emit({ type: 'progress', done: 0, total: 1, stage: 'images' });
    const images = job.images.kind === 'folder' ? await readImageFolder(job.images.path, job.size, job.images.limit, isCancelled) : generatedImages(job.images.count, job.size, job.images.seed, isCancelled);
    const preset = PREPROCESSING_PRESETS[job.preset];
    const x = preprocess(images.raw, preset);
    const n = images.count;
    const per = x.length / n;
    const shape = [n, job.size, job.size, 3];

    emit({ type: 'progress', done: 0, total: n, stage: 'forward' });
    const top5: TopClass[][] = [];
    for (let s = 0; s < n; s += BATCH) {
      if (isCancelled()) throw new LabError('cancelled', `forward pass cancelled after ${s} of ${n} images`);
      const b = Math.min(BATCH, n - s);
      const scores = tf.tidy(() => forwardScores(adapter, tf.tensor(x.subarray(s * per, (s + b) * per), [b, job.size, job.size, 3])));
      const data = scores.dataSync() as Float32Array;
      scores.dispose();
      const k = data.length / b;
      for (let i = 0; i < b; i++) top5.push(topK(data.subarray(i * k, (i + 1) * k), 5));
      emit({ type: 'progress', done: s + b, total: n, stage: 'forward' });
    }
    if (job.target !== null && !(job.target < adapter.outputCount)) {
      throw new LabError('bad-input', `class ${job.target} is out of range: the model has ${adapter.outputCount} outputs`);
    }
    const targets = top5.map((t) => job.target ?? t[0].index);

    const total = job.methods.reduce((a, m) => a + explainSteps(m, job.options, n), 0);
    let before = 0;
    const saliencyDir = join(job.runDir, 'saliency');
    mkdirSync(saliencyDir, { recursive: true });
    const methods: Record<string, ModelMethodNumbers> = {};
    const minBinCount = job.minBinCount ?? DEFAULT_MIN_BIN_COUNT;
    const scatter: Record<string, Array<{ x: number[]; s: number[] }>> = {};
    // The padding trick is only offered where the model can take it (graph models cannot).
    const notHonoured = [...loaded.notHonoured(job.options)];
    const options = notHonoured.length > 0 ? { ...job.options, paddingTrick: false } : job.options;
    for (const method of job.methods) {
      const r = explain(adapter, x, shape, {
        method,
        options,
        target: targets,
        batchSize: BATCH,
        isCancelled,
        onProgress: (done) => emit({ type: 'progress', done: before + done, total, stage: `maps: ${method}` }),
      });
      before += explainSteps(method, job.options, n);
      writeFileAtomicSync(join(saliencyDir, `${method}.npy`), encodeNpy(r.map, shape));
      const z = zeroPointNumbers(images.raw, r.map, n, job.preset, job.bins, minBinCount);
      for (const line of r.notHonoured) notHonoured.push(`${method}: ${line}`);
      // A map of NaN or ±Inf yields no number (issue 16); how many were left out is said, never hidden.
      if (z.nonFiniteImages.length > 0) {
        const first = z.nonFiniteImages[0];
        const bad = firstNonFinite(r.map, first * per, (first + 1) * per);
        notHonoured.push(`${method}: ${z.nonFiniteImages.length} of ${n} maps hold NaN or ±Inf (first: image ${JSON.stringify(images.names[first] ?? String(first))}, ${bad?.value ?? 'NaN'}); they are left out of every number${z.nonFiniteImages.length === n ? ', so this method has none' : ''}`);
      }
      methods[method] = { notHonoured: r.notHonoured, timesInput: r.timesInput, zeroPointSuppression: z.zeroPointSuppression, lowestBin: z.lowestBin, intensitySpearman: z.intensitySpearman, intensitySpearmanN: z.intensitySpearmanN, nonFiniteMaps: z.nonFiniteImages.length, meanAbsS: z.meanAbsS, counts: z.counts };
      scatter[method] = Array.from({ length: n }, (_, i) => scatterPoints(x, r.map, i, per / 3));
    }
    const result: ModelMapsResult = {
      inspection,
      backend: activeBackend(),
      names: images.names,
      skipped: images.skipped,
      top5,
      targets,
      bins: binCentres(job.bins),
      binEdges: binEdges(job.bins),
      minBinCount,
      zeroPoint: zeroPoint(preset),
      methods,
      notHonoured,
    };
    writeFileAtomicSync(join(job.runDir, 'inputs.npy'), encodeNpy(images.raw, shape));
    writeFileAtomicSync(join(job.runDir, 'model-maps.json'), JSON.stringify({ ...result, preset: job.preset, size: job.size, options, scatter }));
    return result;
  } finally {
    adapter.dispose?.();
  }
}
