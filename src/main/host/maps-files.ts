/**
 * Stores the maps step: runs/<id>/saliency/<method>.npy (float32 [N,H,W,3], NumPy-readable) with a
 * JSON sidecar (options, explained images, per-image metrics, histograms), and comparisons.json.
 */
import { join } from 'node:path';
import type { HistogramPair, ImageMetricsRow, MapsResult, PairedComparison } from '../../shared/analysis.ts';
import type { MethodSummary } from '../../shared/run.ts';
import type { BackendInfo } from '../../shared/engine.ts';
import { encodeNpy } from '../../shared/npy.ts';
import { LabError } from '../../shared/result.ts';
import type { SaliencyOptions } from '../../shared/saliency.ts';
import { writeFileAtomic } from '../../node/atomic-write.ts';
import { StoredBoxComparisonsSchema } from '../../shared/schemas/paired-test.ts';
import { check, dottedPath } from '../../shared/schemas/check.ts';
import { exists, readJsonFile } from './workspace-check.ts';
import type { MapReader } from './map-reader.ts';
import { allZeroMaps } from '../../shared/paired-comparison.ts';

/** The JSON sidecar next to each saliency/<method>.npy. */
export interface MapsSidecar {
  method: string;
  timesInput: boolean;
  options: SaliencyOptions;
  target: number;
  targetName: string;
  indices: number[];
  shape: number[];
  backend: BackendInfo | null;
  createdAt: string;
  /** Seconds all the maps took (absent in runs from before it was recorded). */
  seconds?: number;
  summary: MethodSummary;
  histogramEdges: number[];
  histogram: HistogramPair;
  perImage: ImageMetricsRow[];
  /** Per image: is its map all zero? Absent in runs stored before issue 21 (mapsAllZero reads it from the maps). */
  allZero?: boolean[];
  perImageHistograms: HistogramPair[];
}

/** The sidecars of the given methods that exist in a run folder. */
export async function readMapsSidecars(runDir: string, methods: readonly string[]): Promise<MapsSidecar[]> {
  const found = await Promise.all(
    methods.map(async (m) => {
      const p = join(runDir, 'saliency', `${m}.json`);
      return (await exists(p)) ? [(await readJsonFile(p, 'maps sidecar')) as MapsSidecar] : [];
    }),
  );
  return found.flat();
}

export async function writeMapsFiles(runDir: string, result: MapsResult, options: SaliencyOptions, backend: BackendInfo | null): Promise<void> {
  const dir = join(runDir, 'saliency');
  for (const m of result.methods) {
    await writeFileAtomic(join(dir, `${m.method}.npy`), encodeNpy(m.maps, result.shape));
    const sidecar: MapsSidecar = {
      method: m.method,
      timesInput: m.timesInput,
      options,
      target: result.target,
      targetName: 'box',
      indices: result.indices,
      shape: result.shape,
      backend,
      createdAt: new Date().toISOString(),
      ...(m.seconds === undefined ? {} : { seconds: m.seconds }),
      summary: m.summary,
      histogramEdges: result.edges,
      histogram: m.histogram,
      perImage: m.perImage,
      allZero: m.allZero,
      perImageHistograms: m.perImageHistograms,
    };
    await writeFileAtomic(join(dir, `${m.method}.json`), JSON.stringify(sidecar));
  }
  await writeFileAtomic(join(dir, 'comparisons.json'), JSON.stringify(result.comparisons, null, 2));
}

/**
 * Per explained image, whether its map is all zero (what the paired test counts and names): the sidecar's
 * record, or for runs stored before it (issue 21) the stored maps read through `reader`, with the same
 * function the worker uses; undefined when neither can tell (the comparison then counts no all-zero maps).
 */
export async function mapsAllZero(reader: MapReader, runDir: string, s: MapsSidecar): Promise<boolean[] | undefined> {
  if (s.allZero !== undefined) return s.allZero;
  try {
    return allZeroMaps((await reader.read(runDir, `saliency/${s.method}.npy`)).data, s.indices.length);
  } catch {
    return undefined;
  }
}

/**
 * comparisons.json as today's PairedComparison, whatever version wrote it (an old "p = 1" without a test
 * reads as no test, with its reason); none when the maps step wrote no file.
 */
export async function readBoxComparisons(runDir: string): Promise<PairedComparison[]> {
  const p = join(runDir, 'saliency', 'comparisons.json');
  if (!(await exists(p))) return [];
  const raw = await readJsonFile(p, 'paired comparisons');
  const r = check(StoredBoxComparisonsSchema, raw);
  if (!r.ok) throw new LabError('io', `${p}: the paired comparisons are corrupt (${dottedPath(r.path)}: ${r.problem})`);
  return r.value;
}
