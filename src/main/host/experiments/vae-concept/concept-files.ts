/**
 * What experiment 2 stores in its run folder besides the VAE's checkpoints:
 *   concept/result.json     the concept's AUROC, test scores and labels, traversal layout
 *   concept/traversal.bin   traversal strips, RGB uint8 [T, A, H, W, 3]
 *   concept-maps/<method>.npy   maps of the concept score, float32 [N, H, W, 3] (NumPy-readable)
 *   concept-maps/<method>.json  their sidecar: options, explained faces and groups, per-image numbers, summary
 *   concept-maps/comparisons.json  paired Wilcoxon tests
 * Every file is written atomically; readers name the file when it is damaged.
 */
import { readRunFile } from '../../run-files.ts';
import { join } from 'node:path';
import type { BackendInfo } from '../../../../shared/engine.ts';
import type { ConceptImageMetrics, ConceptMapsResult, ConceptMethodSummary, ConceptResult, EyeglassesStyle } from '../../../../shared/faces.ts';
import { encodeNpy } from '../../../../shared/npy.ts';
import { LabError } from '../../../../shared/result.ts';
import { check, dottedPath } from '../../../../shared/schemas/check.ts';
import { StoredConceptComparisonsSchema } from '../../../../shared/schemas/paired-test.ts';
import type { SaliencyOptions } from '../../../../shared/saliency.ts';
import { writeFileAtomic } from '../../../../node/atomic-write.ts';
import { exists, readJsonFile } from '../../workspace-check.ts';

export const CONCEPT_DIR = 'concept';
export const CONCEPT_MAPS_DIR = 'concept-maps';

export type StoredConceptResult = Omit<ConceptResult, 'traversal'> & { traversal: { indices: number[]; alphas: number[]; size: number; file: string } };

export interface ConceptMapsSidecar {
  method: string;
  timesInput: boolean;
  options: SaliencyOptions;
  indices: number[];
  groups: EyeglassesStyle[];
  shape: number[];
  backend: BackendInfo | null;
  createdAt: string;
  summary: ConceptMethodSummary;
  perImage: ConceptImageMetrics[];
  /** What the model could not do as the method asked; absent in runs written before issue 15. */
  notHonoured?: string[];
}

export async function writeConceptResult(runDir: string, r: ConceptResult): Promise<StoredConceptResult> {
  const file = join(CONCEPT_DIR, 'traversal.bin');
  await writeFileAtomic(join(runDir, file), r.traversal.pixels);
  const stored: StoredConceptResult = { ...r, traversal: { indices: r.traversal.indices, alphas: r.traversal.alphas, size: r.traversal.size, file } };
  await writeFileAtomic(join(runDir, CONCEPT_DIR, 'result.json'), JSON.stringify(stored));
  return stored;
}

export async function readConceptResult(runDir: string): Promise<StoredConceptResult | null> {
  const p = join(runDir, CONCEPT_DIR, 'result.json');
  return (await exists(p)) ? ((await readJsonFile(p, 'concept result')) as StoredConceptResult) : null;
}

export async function readTraversal(runDir: string, stored: StoredConceptResult): Promise<Uint8Array> {
  // The name comes from a run file: read it confined, never as a path to trust.
  return new Uint8Array(await readRunFile(runDir, stored.traversal.file));
}

export async function writeConceptMaps(runDir: string, r: ConceptMapsResult, options: SaliencyOptions): Promise<ConceptMapsSidecar[]> {
  const createdAt = new Date().toISOString();
  const sidecars: ConceptMapsSidecar[] = [];
  for (const m of r.methods) {
    await writeFileAtomic(join(runDir, CONCEPT_MAPS_DIR, `${m.method}.npy`), encodeNpy(m.maps, r.shape));
    const sidecar: ConceptMapsSidecar = { method: m.method, timesInput: m.timesInput, options, indices: r.indices, groups: r.groups, shape: r.shape, backend: r.backend, createdAt, summary: m.summary, perImage: m.perImage, notHonoured: m.notHonoured };
    await writeFileAtomic(join(runDir, CONCEPT_MAPS_DIR, `${m.method}.json`), JSON.stringify(sidecar));
    sidecars.push(sidecar);
  }
  await writeFileAtomic(join(runDir, CONCEPT_MAPS_DIR, 'comparisons.json'), JSON.stringify(r.comparisons));
  return sidecars;
}

export async function readConceptMapsSidecars(runDir: string, methods: readonly string[]): Promise<ConceptMapsSidecar[]> {
  const found = await Promise.all(
    methods.map(async (m) => {
      const p = join(runDir, CONCEPT_MAPS_DIR, `${m}.json`);
      return (await exists(p)) ? [(await readJsonFile(p, 'concept maps sidecar')) as ConceptMapsSidecar] : [];
    }),
  );
  return found.flat();
}

export async function readConceptComparisons(runDir: string): Promise<ConceptMapsResult['comparisons']> {
  const p = join(runDir, CONCEPT_MAPS_DIR, 'comparisons.json');
  if (!(await exists(p))) return [];
  // Read as today's PairedTest whatever wrote it: an old "p = 1" without a test reads as no test (issue 15).
  const r = check(StoredConceptComparisonsSchema, await readJsonFile(p, 'concept comparisons'));
  if (!r.ok) throw new LabError('io', `${p}: the concept comparisons are corrupt (${dottedPath(r.path)}: ${r.problem})`);
  return r.value;
}
