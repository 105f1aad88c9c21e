/** runs/<id>/sweep.json: the last suppressed-point sweep of a run (issue 9), for the app and the report. */
import { join } from 'node:path';
import { edgesFromCentres } from '../../../../shared/binning.ts';
import type { SweepFile, SweepPanel } from '../../../../shared/sweep.ts';
import { writeFileAtomic } from '../../../../node/atomic-write.ts';
import { exists, readJsonFile } from '../../workspace-check.ts';

export const SWEEP_FILE = 'sweep.json';

function checkSweepFile(v: unknown): string | null {
  const f = v as Partial<SweepFile> | null;
  if (typeof f !== 'object' || f === null || !Array.isArray(f.panels) || f.panels.length === 0) return 'no panels';
  return f.panels.every((p) => Array.isArray(p.bins) && typeof p.methods === 'object' && p.methods !== null) ? null : 'a panel without bins or methods';
}

/**
 * Files written before panels said what they are and bins had a minimum count: each panel's evidence
 * follows from `own`, its edges from its centres, and its minimum is 1 (every non-empty bin took part in
 * "lowest" then), so an old sweep is shown as what it computed.
 */
function upgrade(file: SweepFile): SweepFile {
  const old = file as Omit<SweepFile, 'minBinCount' | 'panels'> & { minBinCount?: number; panels: Array<Partial<SweepPanel> & Omit<SweepPanel, 'evidence' | 'binEdges' | 'minBinCount'>> };
  return {
    ...old,
    minBinCount: old.minBinCount ?? 1,
    panels: old.panels.map((p) => ({ ...p, evidence: p.evidence ?? (p.own ? 'measurement' : 'illustration'), binEdges: p.binEdges ?? edgesFromCentres(p.bins), minBinCount: p.minBinCount ?? 1 })),
  };
}

/** The run's sweep, or null when it has none; a damaged file is one line naming it. */
export async function readSweepFile(runDir: string): Promise<SweepFile | null> {
  const p = join(runDir, SWEEP_FILE);
  return (await exists(p)) ? upgrade((await readJsonFile(p, 'sweep', checkSweepFile)) as SweepFile) : null;
}

export async function writeSweepFile(runDir: string, file: SweepFile): Promise<string> {
  const p = join(runDir, SWEEP_FILE);
  await writeFileAtomic(p, JSON.stringify(file));
  return p;
}
