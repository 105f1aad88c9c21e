/**
 * Stores the maps step: runs/<id>/saliency/<method>.npy (float32 [N,H,W,3], NumPy-readable) with a
 * JSON sidecar (options, explained images, per-image metrics, histograms), and comparisons.json.
 */
import { join } from 'node:path';
import type { MapsResult } from '../../shared/analysis.ts';
import type { BackendInfo } from '../../shared/engine.ts';
import { encodeNpy } from '../../shared/npy.ts';
import type { SaliencyOptions } from '../../shared/saliency.ts';
import { writeFileAtomic } from './atomic-write.ts';

export function writeMapsFiles(runDir: string, result: MapsResult, options: SaliencyOptions, backend: BackendInfo | null): void {
  const dir = join(runDir, 'saliency');
  for (const m of result.methods) {
    writeFileAtomic(join(dir, `${m.method}.npy`), encodeNpy(m.maps, result.shape));
    const sidecar = {
      method: m.method,
      timesInput: m.timesInput,
      options,
      target: result.target,
      targetName: 'box',
      indices: result.indices,
      shape: result.shape,
      backend,
      createdAt: new Date().toISOString(),
      summary: m.summary,
      histogramEdges: result.edges,
      histogram: m.histogram,
      perImage: m.perImage,
      perImageHistograms: m.perImageHistograms,
    };
    writeFileAtomic(join(dir, `${m.method}.json`), JSON.stringify(sidecar));
  }
  writeFileAtomic(join(dir, 'comparisons.json'), JSON.stringify(result.comparisons, null, 2));
}
