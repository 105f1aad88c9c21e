/**
 * The runs list with each analysis' child runs (a control arm's models, a seed set, the shuffled-label
 * model; RunManifest.analysisOf) right after the run they belong to, grouped by analysis and in key order,
 * so a seed set reads as one block under its run. A child whose parent is gone stays where it was.
 */
import type { RunManifest } from '../shared/run.ts';

export interface RunRow {
  run: RunManifest;
  /** For a child: how it belongs to the run above ("seed 2", "control-arm invert"). */
  childOf: string | null;
}

export function groupRuns(list: readonly RunManifest[]): RunRow[] {
  const ids = new Set(list.map((r) => r.id));
  const childrenOf = new Map<string, RunManifest[]>();
  for (const r of list) {
    const parent = r.analysisOf?.runId;
    if (parent !== undefined && ids.has(parent)) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), r]);
  }
  const label = (r: RunManifest) => (r.analysisOf!.analysis === 'seeds' ? `seed ${r.analysisOf!.key}` : `${r.analysisOf!.analysis} ${r.analysisOf!.key}`);
  const out: RunRow[] = [];
  for (const r of list) {
    if (r.analysisOf !== undefined && ids.has(r.analysisOf.runId)) continue;
    out.push({ run: r, childOf: null });
    const kids = [...(childrenOf.get(r.id) ?? [])].sort((a, b) => a.analysisOf!.analysis.localeCompare(b.analysisOf!.analysis) || a.analysisOf!.key.localeCompare(b.analysisOf!.key, undefined, { numeric: true }));
    for (const k of kids) out.push({ run: k, childOf: label(k) });
  }
  return out;
}
