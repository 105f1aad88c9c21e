/**
 * Worker handler: maps of the concept score S(x) = μ(x)·c with every requested method on test faces
 * with dark glasses, clear glasses and none, with the per-image numbers of issue 8, their summaries,
 * the paired Wilcoxon test of eye-region share on dark glasses (nobias-rectgrad vs rectgrad) and the
 * Fig. 2b scatter data (pixel value channel-mean vs saliency channel-sum).
 */
import type { ConceptMapsJob, ConceptMapsResult, ConceptMethodMaps, EyeglassesStyle } from '../../../shared/faces.ts';
import type { ProgressEvent } from '../../../shared/worker-protocol.ts';
import { LabError } from '../../../shared/result.ts';
import { activeBackend } from '../../engine/backend.ts';
import { toUnitFloat } from '../../data/dataset-files.ts';
import { loadFaceFiles, splitIndices } from '../../data/faces/face-dataset-files.ts';
import { explain } from '../../saliency/explain.ts';
import { channelSum, inputMagnitude } from '../../analysis/box-metrics.ts';
import { allZeroMaps, compareMethods } from '../../../shared/paired-comparison.ts';
import { conceptAdapter } from './concept-adapter.ts';
import { conceptImageMetrics, summariseConceptMetrics } from './concept-metrics.ts';
import { loadStandaloneEncoder, readConcept } from './vae-checkpoint.ts';

const GROUPS: EyeglassesStyle[] = ['dark', 'clear', 'none'];

export async function conceptMaps(job: ConceptMapsJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<ConceptMapsResult> {
  const data = loadFaceFiles(job.datasetDir);
  const stored = readConcept(job.runDir);
  const test = splitIndices(data.items, 'test');
  const indices = GROUPS.flatMap((g) => test.filter((i) => data.items[i].eyeglasses === g).slice(0, job.perGroup));
  if (indices.length === 0) throw new LabError('bad-input', `${job.datasetDir}: no test faces to explain`);
  const groups = indices.map((i) => data.items[i].eyeglasses);
  const size = data.size;
  const pixels = size * size;
  const x = toUnitFloat(data.pixels, indices, size);
  const shape = [indices.length, size, size, 3];
  const inputMean = new Float32Array(indices.length * pixels);
  indices.forEach((_, n) => inputMean.set(inputMagnitude(x, pixels, 3, n * pixels * 3), n * pixels));
  const adapter = conceptAdapter(await loadStandaloneEncoder(job.runDir), Float32Array.from(stored.vector));
  const methods: ConceptMethodMaps[] = [];
  try {
    for (const [k, method] of job.methods.entries()) {
      const result = explain(adapter, x, shape, {
        method,
        options: job.options,
        target: 0,
        isCancelled,
        onProgress: (done, total) => emit({ type: 'progress', done: k * total + done, total: job.methods.length * total, stage: `concept maps: ${method}` }),
      });
      const saliencySum = new Float32Array(indices.length * pixels);
      const perImage = indices.map((index, n) => {
        saliencySum.set(channelSum(result.map, pixels, 3, n * pixels * 3), n * pixels);
        return conceptImageMetrics(result.map, x, n, pixels, data.masks.subarray(index * pixels, (index + 1) * pixels), index, groups[n]);
      });
      methods.push({ method, timesInput: result.timesInput, maps: result.map, saliencySum, perImage, summary: summariseConceptMetrics(perImage), notHonoured: result.notHonoured });
    }
  } finally {
    adapter.dispose?.();
  }
  const byId = new Map(methods.map((m) => [m.method, m]));
  const a = byId.get('nobias-rectgrad');
  const b = byId.get('rectgrad');
  const comparisons: ConceptMapsResult['comparisons'] = [];
  if (a !== undefined && b !== undefined) {
    const isDark = groups.map((g) => g === 'dark');
    const dark = (m: ConceptMethodMaps) => {
      const zero = allZeroMaps(m.maps, indices.length);
      return { method: m.method, values: m.perImage.filter((_, n) => isDark[n]).map((r) => r.eyeRegionShare), allZero: zero.filter((_, n) => isDark[n]) };
    };
    comparisons.push({ ...compareMethods(dark(a), dark(b)), metric: 'eyeRegionShareDark' });
  }
  return { indices, groups, shape, inputMean, methods, comparisons, backend: activeBackend() };
}
