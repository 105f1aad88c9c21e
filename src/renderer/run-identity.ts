/**
 * Runs a person can tell apart: a name built from what differs between runs (dataset, epochs, seed,
 * accuracy), a short id, and a colour of each run's own that every curve, bar and legend uses.
 */
import type { RunManifest } from '../shared/run.ts';
import { RUN_PALETTE } from '../shared/chart-options/chart-theme.ts';

type RunLike = Pick<RunManifest, 'id' | 'name' | 'datasetId' | 'config' | 'testAccuracy' | 'createdAt' | 'checkpointEpoch'>;

/** The random tail of a run id (`run-20261126-101500-ab3x` → `ab3x`), enough to tell runs apart. */
export function shortId(id: string): string {
  const tail = id.split('-').pop() ?? id;
  return tail.length >= 3 ? tail : id.slice(-6);
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * A colour per run: a stable hash of the id picks the palette slot, and runs (oldest first) that would
 * share a slot with an older run take the next free one, so up to ten runs never share a colour.
 */
export function runColours(runs: readonly Pick<RunManifest, 'id' | 'createdAt'>[]): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<number>();
  for (const r of [...runs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
    let slot = hash(r.id) % RUN_PALETTE.length;
    for (let k = 0; k < RUN_PALETTE.length && used.has(slot); k++) slot = (slot + 1) % RUN_PALETTE.length;
    if (used.size >= RUN_PALETTE.length) used.clear();
    used.add(slot);
    out[r.id] = RUN_PALETTE[slot];
  }
  return out;
}

/**
 * A readable label: `<dataset> · <epochs> ep · seed <s> · <acc>`; where two runs would still read the
 * same, the creation time is added.
 */
export function runLabels(runs: readonly RunLike[], datasetNames: Record<string, string>): Record<string, string> {
  const base = (r: RunLike) => {
    const acc = r.testAccuracy === null ? '' : ` · ${(100 * r.testAccuracy).toFixed(1)}%`;
    return `${datasetNames[r.datasetId] ?? r.datasetId} · ${r.config.epochs} ep · seed ${r.config.seed}${acc}`;
  };
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(base(r), (counts.get(base(r)) ?? 0) + 1);
  return Object.fromEntries(runs.map((r) => [r.id, (counts.get(base(r)) ?? 0) > 1 ? `${base(r)} · ${r.createdAt.slice(5, 16).replace('T', ' ')}` : base(r)]));
}
