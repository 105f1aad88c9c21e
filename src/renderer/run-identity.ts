/**
 * Runs a person can tell apart: a name built from what differs between runs (dataset, epochs, seed,
 * accuracy), a short id, and a colour of each run's own that every curve, bar and legend uses.
 */
import type { RunManifest } from '../shared/run.ts';
import { RUN_PALETTE } from '../shared/chart-options/chart-theme.ts';

type RunLike = Pick<RunManifest, 'id' | 'name' | 'datasetId' | 'config' | 'testAccuracy' | 'createdAt' | 'checkpointEpoch'> & Pick<Partial<RunManifest>, 'named'>;

/** The random tail of a run id (`run-20261126-101500-ab3x` → `ab3x`), enough to tell runs apart. */
export function shortId(id: string): string {
  const tail = id.split('-').pop() ?? id;
  return tail.length >= 3 ? tail : id.slice(-6);
}

/**
 * A colour per run, in creation order through a palette whose first colours differ most (as
 * TensorBoard colours runs by their order): a new run never changes an older run's colour, and up to
 * ten runs never share one. Deleting a run shifts the colours of the runs made after it.
 */
export function runColours(runs: readonly Pick<RunManifest, 'id' | 'createdAt'>[]): Record<string, string> {
  const ordered = [...runs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return Object.fromEntries(ordered.map((r, k) => [r.id, RUN_PALETTE[k % RUN_PALETTE.length]]));
}

/**
 * A readable label: the name a person gave the run, else `<dataset> [· <preset> VAE] · <epochs> ep · seed <s>`.
 * It holds from the run's creation to its end (issue 21): nothing in it changes while the run works (its
 * test accuracy, known only at the end, is the runs table's result column, not part of its name), and a
 * later run that would read the same gets its creation time, so an earlier run's label never changes when
 * a twin is started.
 */
export function runLabels(runs: readonly RunLike[], datasetNames: Record<string, string>): Record<string, string> {
  const base = (r: RunLike) => {
    if (r.named === true) return r.name; // a name a person gave (issue 21)
    if (r.config.model === 'pretrained') return `${r.config.architecture} (pretrained)`;
    // A VAE says its preset: a cpu and a reference run on the same faces are different models.
    const preset = r.config.model === 'vae' ? ` · ${r.config.preset} VAE` : '';
    return `${datasetNames[r.datasetId] ?? r.datasetId}${preset} · ${r.config.epochs} ep · seed ${r.config.seed}`;
  };
  const seen = new Set<string>();
  const labels: Record<string, string> = {};
  for (const r of [...runs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
    const b = base(r);
    let label = seen.has(b) ? `${b} · ${r.createdAt.slice(5, 16).replace('T', ' ')}` : b;
    if (seen.has(label)) label = `${label} · ${shortId(r.id)}`; // twins started in the same minute
    labels[r.id] = label;
    seen.add(b).add(label);
  }
  return labels;
}
