/**
 * What a black-box run's maps stage left, without its pixels (RunDetail.maps): each method's options,
 * explained images, summary, per-image rows (the app's metric groups, issue 21), pooled histogram, and the
 * paired comparisons; null before any maps. All-zero flags of the compared methods come from the sidecar,
 * or from the stored maps for runs written before the flags were.
 */
import type { MapsOverview } from '../../../../shared/lab-api.ts';
import type { RunManifest } from '../../../../shared/run.ts';
import { mapsAllZero, readBoxComparisons, readMapsSidecars } from '../../maps-files.ts';
import { sharedMapReader } from '../../map-reader.ts';

export async function mapsOverview(runDir: string, run: RunManifest): Promise<MapsOverview | null> {
  const sidecars = await readMapsSidecars(runDir, Object.keys(run.metrics ?? {}));
  if (sidecars.length === 0) return null;
  const comparisons = await readBoxComparisons(runDir);
  const compared = new Set(comparisons.flatMap((c) => [c.a, c.b]));
  return {
    methods: await Promise.all(
      sidecars.map(async (s) => {
        const allZero = compared.has(s.method) ? await mapsAllZero(sharedMapReader, runDir, s) : s.allZero;
        return { method: s.method, timesInput: s.timesInput, options: s.options, indices: s.indices, summary: s.summary, perImage: s.perImage, ...(allZero === undefined ? {} : { allZero }), histogram: s.histogram, edges: s.histogramEdges };
      }),
    ),
    comparisons,
  };
}
