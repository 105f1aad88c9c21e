/**
 * Per-epoch snapshots (issue 18): after each epoch's checkpoint, the maps of a fixed set of test images
 * (the run's first with a box) by RectGrad, No-Bias RectGrad and the gradient, from that checkpoint as
 * saved, so the app's slider and the report's strip show how the blind spot appears while the model
 * learns. Each epoch is one .npy written whole, then the index names it; a resumed run appends.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOTS_DIR, SNAPSHOT_INDEX, SNAPSHOT_METHODS, type SnapshotIndex, type TrainJob } from '../../../shared/experiments/blackbox.ts';
import { encodeNpy } from '../../../shared/npy.ts';
import { runPreprocessing } from '../../../shared/run.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../shared/saliency.ts';
import { writeFileAtomicSync } from '../../../node/atomic-write.ts';
import { explain } from '../../saliency/explain.ts';
import { channelSum } from '../../analysis/box-metrics.ts';
import { imageMetricsRows } from '../../analysis/image-metrics.ts';
import { spread } from '../../../shared/statistics.ts';
import { type ExplainedImages, explainedImages } from './explained-images.ts';
import { BOX_LOGIT, loadRunModel } from './run-model.ts';

/** The snapshot writer of one training job, or null when the run asked for none. */
export function snapshotWriter(job: TrainJob): ((epoch: number) => Promise<void>) | null {
  const count = job.config.snapshots ?? 0;
  if (count <= 0) return null;
  let images: ExplainedImages | null = null;
  return async (epoch) => {
    images ??= explainedImages({ datasetDir: job.datasetDir, datasetSize: job.datasetSize, testFraction: job.config.testFraction, seed: job.config.seed, limit: count, preprocessing: runPreprocessing(job.config) });
    await writeSnapshot(job.runDir, epoch, images);
  };
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

async function writeSnapshot(runDir: string, epoch: number, images: ExplainedImages): Promise<void> {
  const { indices, size, x, shape, masks } = images;
  const pixels = size * size;
  const dir = join(runDir, SNAPSHOTS_DIR);
  const maps = new Float32Array(SNAPSHOT_METHODS.length * indices.length * pixels);
  const metrics: SnapshotIndex['epochs'][number]['metrics'] = {};
  const adapter = await loadRunModel(runDir);
  try {
    for (const [k, method] of SNAPSHOT_METHODS.entries()) {
      const r = explain(adapter, x, shape, { method, options: DEFAULT_SALIENCY_OPTIONS, target: BOX_LOGIT });
      indices.forEach((_, n) => maps.set(channelSum(r.map, pixels, 3, n * pixels * 3), (k * indices.length + n) * pixels));
      const rows = imageMetricsRows(r.map, 3, x, masks, indices);
      const share = spread(rows.map((row) => row.boxMassShare));
      const zeros = spread(rows.map((row) => row.zeroFractionInBox));
      metrics[method] = { boxMassShare: finiteOrNull(share.median), zeroFractionInBox: finiteOrNull(zeros.median), n: share.n, boxMassShares: rows.map((row) => finiteOrNull(row.boxMassShare)) };
    }
  } finally {
    adapter.dispose?.();
  }
  const file = `epoch-${String(epoch).padStart(3, '0')}.npy`;
  writeFileAtomicSync(join(dir, file), encodeNpy(maps, [SNAPSHOT_METHODS.length, indices.length, size, size]));
  const indexPath = join(dir, SNAPSHOT_INDEX);
  const prior = existsSync(indexPath) ? (JSON.parse(readFileSync(indexPath, 'utf8')) as SnapshotIndex) : null;
  // A resumed run re-snapshots from its checkpoint on: an epoch met again replaces its entry.
  const kept = (prior?.epochs ?? []).filter((e) => e.epoch < epoch);
  const index: SnapshotIndex = { methods: [...SNAPSHOT_METHODS], indices, size, epochs: [...kept, { epoch, file, metrics }] };
  writeFileAtomicSync(indexPath, JSON.stringify(index));
}
