/**
 * One stored map of a black-box run (the Saliency view's tiles): one image and method from saliency/*.npy,
 * summed over channels, with that image's metrics and histogram from the sidecar. Read through the
 * process's one byte-bounded map reader, asynchronously and confined to the run (issue 17).
 */
import type { MapView } from '../../../../shared/lab-api.ts';
import { LabError } from '../../../../shared/result.ts';
import type { HostContext } from '../../host-context.ts';
import { readMapsSidecars } from '../../maps-files.ts';
import { sharedMapReader } from '../../map-reader.ts';

export async function mapView(host: HostContext, { runId, method, index }: { runId: string; method: string; index: number }): Promise<MapView> {
  const run = await host.workspace.readRun(runId);
  const runDir = host.workspace.runDir(runId);
  const sidecar = (await readMapsSidecars(runDir, Object.keys(run.metrics ?? {}))).find((s) => s.method === method);
  if (sidecar === undefined) throw new LabError('not-found', `run "${runId}" has no ${method} maps`);
  const pos = sidecar.indices.indexOf(index);
  if (pos < 0) throw new LabError('not-found', `image ${index} was not explained in run "${runId}"`);
  // Confined and asynchronous like every map read: a symlinked .npy never leads out of the run.
  const maps = (await sharedMapReader.read(runDir, `saliency/${method}.npy`)).data;
  const size = sidecar.shape[1];
  const values = new Array<number>(size * size);
  for (let p = 0; p < size * size; p++) {
    const o = (pos * size * size + p) * 3;
    values[p] = maps[o] + maps[o + 1] + maps[o + 2];
  }
  return { method, index, size, values, metrics: sidecar.perImage[pos], histogram: sidecar.perImageHistograms[pos] };
}
