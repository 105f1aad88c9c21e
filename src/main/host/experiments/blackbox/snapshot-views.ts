/**
 * What the app's snapshot slider reads (issue 18): the run's snapshot index (epochs and their numbers),
 * and one epoch's maps of the fixed images, read with fs/promises through the confined reader.
 */
import { SNAPSHOTS_DIR, SNAPSHOT_INDEX, type SnapshotIndex, type SnapshotView } from '../../../../shared/experiments/blackbox.ts';
import { LabError } from '../../../../shared/result.ts';
import { readRunJsonIfAny, readRunNpyAsync } from '../../run-files.ts';
import type { HostContext } from '../../host-context.ts';

export async function snapshotIndex(host: HostContext, runId: string): Promise<SnapshotIndex | null> {
  await host.workspace.readRun(runId);
  return readRunJsonIfAny<SnapshotIndex>(host.workspace.runDir(runId), `${SNAPSHOTS_DIR}/${SNAPSHOT_INDEX}`, 'snapshot index');
}

export async function snapshotView(host: HostContext, runId: string, epoch: number): Promise<SnapshotView> {
  const index = await snapshotIndex(host, runId);
  const entry = index?.epochs.find((e) => e.epoch === epoch);
  if (index === null || entry === undefined) throw new LabError('not-found', `run "${runId}" has no snapshot of epoch ${epoch}${index === null ? ' (train with --snapshots N to take them)' : ` (it has epochs ${index.epochs.map((e) => e.epoch).join(', ')})`}`);
  const npy = await readRunNpyAsync(host.workspace.runDir(runId), `${SNAPSHOTS_DIR}/${entry.file}`);
  const pixels = index.size * index.size;
  const count = index.indices.length;
  if (npy.data.length !== index.methods.length * count * pixels) throw new LabError('io', `${entry.file}: holds ${npy.data.length} values, not ${index.methods.length} methods × ${count} images × ${pixels} pixels`);
  const b64 = (k: number, n: number) => Buffer.from(npy.data.buffer, npy.data.byteOffset + (k * count + n) * pixels * 4, pixels * 4).toString('base64');
  return {
    epoch,
    size: index.size,
    indices: index.indices,
    maps: Object.fromEntries(index.methods.map((m, k) => [m, index.indices.map((_, n) => b64(k, n))])),
    metrics: entry.metrics,
  };
}
