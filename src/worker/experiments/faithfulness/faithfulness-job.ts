/**
 * One fill of the faithfulness analysis (issue 19) on a trained black-box run: the maps of each method
 * and of the controls (random, Sobel edges) for the run's test images with a box; per map, the deletion
 * (most relevant first), LeRF (least relevant first) and insertion curves under the fill — or, for ROAD,
 * the most-relevant-first curve with noisy linear imputation — normalised per image; per score, the
 * median AUC with n and a paired test against the random control. Each point of a curve is one forward
 * pass of a batch of images.
 */
import type { FaithfulnessFillResult, FaithfulnessJob, FaithfulnessRow, MeanCurve } from '../../../shared/experiments/faithfulness.ts';
import { ROAD_FILL } from '../../../shared/experiments/faithfulness.ts';
import type { ProgressEvent } from '../../../shared/progress.ts';
import { LabError } from '../../../shared/result.ts';
import { TRAIN_PREPROCESSING_PRESET } from '../../../shared/run.ts';
import { toUnitFloat } from '../../data/dataset-files.ts';
import { subSeed } from '../../data/prng.ts';
import { forwardScores } from '../../engine/modified-backprop.ts';
import { tf } from '../../engine/tf.ts';
import { explain } from '../../saliency/explain.ts';
import { applyPreset } from '../../training/model-input.ts';
import { datasetMeanColour, fillImage } from '../../analysis/fills.ts';
import { rankPixels } from '../../analysis/pixel-ranking.ts';
import { type CurveKind, type ScoreFn, curveAuc, perturbationCurves } from '../../analysis/perturbation-curves.ts';
import { quantile, wilcoxonSignedRank } from '../../../shared/statistics.ts';
import { explainedImages } from '../blackbox/explained-images.ts';
import { BOX_LOGIT, loadRunModel } from '../blackbox/run-model.ts';
import { modelFreeMaps } from '../controls/control-maps.ts';

/** Streams of the analysis seed (prng.ts subSeed), apart from the run's own. */
const TIE_STREAM = 91;
const NOISE_STREAM = 92;
const ROAD_STREAM = 93;
const FORWARD_BATCH = 128;

export async function faithfulnessFill(job: FaithfulnessJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<FaithfulnessFillResult> {
  const started = performance.now();
  const images = explainedImages(job);
  const { indices, size, x, shape } = images;
  const count = indices.length;
  if (count === 0) throw new LabError('bad-input', `${job.runDir}: the run has no test image with a box to measure`);
  const pixels = size * size;
  const per = pixels * 3;
  const raw = toUnitFloat(images.data.pixels, indices, size);
  const mean = datasetMeanColour(images.data.pixels);
  const preset = TRAIN_PREPROCESSING_PRESET[job.preprocessing];
  const adapter = await loadRunModel(job.runDir);
  let forwardPasses = 0;
  try {
    // The explained logit of raw images, through the run's preprocessing, a batch per forward pass.
    const score: ScoreFn = (batchRaw, n) => {
      const out = new Float32Array(n);
      for (let s = 0; s < n; s += FORWARD_BATCH) {
        const b = Math.min(FORWARD_BATCH, n - s);
        const input = applyPreset(Float32Array.from(batchRaw.subarray(s * per, (s + b) * per)), preset);
        const t = tf.tidy(() => tf.slice(forwardScores(adapter, tf.tensor4d(input, [b, size, size, 3])), [0, BOX_LOGIT], [b, 1]));
        try {
          out.set(t.dataSync(), s);
        } finally {
          t.dispose();
        }
        forwardPasses += b;
      }
      return out;
    };
    const road = job.fill === ROAD_FILL;
    const fills = new Float32Array(count * per);
    for (let n = 0; n < count; n++) {
      const image = raw.subarray(n * per, (n + 1) * per);
      if (road) fills.set(meanImage(mean, pixels), n * per);
      else fills.set(fillImage(job.fill as Exclude<typeof job.fill, typeof ROAD_FILL>, image, size, mean, subSeed(job.analysisSeed, NOISE_STREAM, indices[n])), n * per);
    }
    const original = score(raw, count);
    const allFilled = score(fills, count);

    // Every source of a ranking: the methods' maps, then the controls.
    const sources: Array<{ method: string; map: Float32Array; channels: number }> = [];
    for (const method of job.methods) {
      if (isCancelled()) throw new LabError('cancelled', 'faithfulness cancelled');
      const r = explain(adapter, x, shape, { method, options: job.options, target: BOX_LOGIT, isCancelled });
      sources.push({ method, map: r.map, channels: 3 });
    }
    for (const control of ['random', 'edges'] as const) {
      const c = modelFreeMaps(control, x, indices, size, job.analysisSeed);
      sources.push({ method: control, map: c.maps, channels: c.channels });
    }

    const kinds: CurveKind[] = road ? ['road'] : ['deletion', 'lerf', 'insertion'];
    const totalPoints = sources.length * kinds.length * (job.steps + 1);
    let donePoints = 0;
    const aucs = new Map<string, Record<string, number[]>>();
    const curves: MeanCurve[] = [];
    const fractions = Array.from({ length: job.steps + 1 }, (_, k) => k / job.steps);
    for (const source of sources) {
      const orders = indices.map((index, n) => rankPixels(source.map, n * pixels * source.channels, pixels, source.channels, subSeed(job.analysisSeed, TIE_STREAM, index)));
      const byKind: Record<string, number[]> = {};
      for (const kind of kinds) {
        if (isCancelled()) throw new LabError('cancelled', 'faithfulness cancelled');
        const c = perturbationCurves(
          kind,
          {
            size,
            raw,
            fills,
            orders,
            original,
            allFilled,
            steps: job.steps,
            road: road ? { anchor: mean, noiseSeed: (n, k) => subSeed(job.analysisSeed, ROAD_STREAM, indices[n] * 1000 + k) } : undefined,
          },
          score,
          () => emit({ type: 'progress', done: ++donePoints, total: totalPoints, stage: `${job.fill}: ${source.method} ${kind}` }),
        );
        byKind[kind] = c.map((curve) => curveAuc(curve));
        curves.push(meanCurve(source.method, kind, fractions, c));
      }
      aucs.set(source.method, byKind);
    }

    const scores: Array<[FaithfulnessRow['score'], (k: Record<string, number[]>) => number[]]> = road
      ? [['road', (k) => k.road]]
      : [
          ['deletion', (k) => k.deletion],
          ['insertion', (k) => k.insertion],
          // SRG (Blücher et al. 2024): LeRF AUC − MoRF AUC, per image.
          ['srg', (k) => k.lerf.map((v, i) => v - k.deletion[i])],
        ];
    const rows: FaithfulnessFillResult['rows'] = [];
    for (const [scoreName, pick] of scores) {
      const random = pick(aucs.get('random')!);
      for (const source of sources) {
        const values = pick(aucs.get(source.method)!);
        const defined = values.filter((v) => Number.isFinite(v));
        rows.push({
          score: scoreName,
          method: source.method as FaithfulnessRow['method'],
          auc: defined.length > 0 ? quantile(defined, 0.5) : null,
          n: defined.length,
          pVsRandom: source.method === 'random' ? null : wilcoxonSignedRank(values, random).p,
        });
      }
    }
    const fillRaisesScore = Array.from(original).filter((v, n) => allFilled[n] >= v).length;
    return { fill: job.fill, images: count, rows, curves, fillRaisesScore, forwardPasses, seconds: (performance.now() - started) / 1000 };
  } finally {
    adapter.dispose?.();
  }
}

/** ROAD's "all removed": nothing anchors the imputation, so the dataset mean colour (road-imputation.ts). */
function meanImage(mean: readonly [number, number, number], pixels: number): Float32Array {
  const out = new Float32Array(pixels * 3);
  for (let i = 0; i < out.length; i++) out[i] = mean[i % 3];
  return out;
}

/** The mean over images of a normalised curve, point by point, over the images where it is defined. */
function meanCurve(method: string, score: CurveKind, fractions: number[], curves: Float64Array[]): MeanCurve {
  const defined = curves.filter((c) => c.every((v) => Number.isFinite(v)));
  const mean = fractions.map((_, k) => (defined.length === 0 ? null : defined.reduce((a, c) => a + c[k], 0) / defined.length));
  return { method, score, fractions, mean, n: defined.length };
}
