/**
 * The Runs table as a researcher works it (issue 21): sorted by a column, filtered by text, each run's
 * analysis children still right under it (run-groups.ts); and the compare view's config rows, derived
 * from the runs' whole config objects (every leaf where two runs differ), not from a hand-kept list.
 */
import { type RunManifest, isClassifierConfig, runPreprocessing, runValidationFraction } from '../shared/run.ts';
import { groupRuns, type RunRow } from './run-groups.ts';

export type RunSortKey = 'name' | 'created' | 'status' | 'result' | 'kind';
export interface RunSort {
  key: RunSortKey;
  dir: 'asc' | 'desc';
}

/** What the table needs to know that the manifest alone does not say (the store's labels, the kind's words). */
export interface RunTableHelpers {
  label: (r: RunManifest) => string;
  kind: (r: RunManifest) => string;
}

/** A row of the table: `context` marks a parent shown only because one of its children matched the filter. */
export interface RunTableRow extends RunRow {
  context: boolean;
}

/** The headline number sorted by: a classifier's test accuracy, a VAE run's concept AUROC; null when none yet. */
export function runResult(r: RunManifest): number | null {
  if (r.vae !== undefined) return r.vae.conceptAuroc ?? null;
  return r.testAccuracy ?? null;
}

/** Does the run match every word of the filter (in its name, label, id, tags, kind or status)? */
export function runMatches(r: RunManifest, filter: string, h: RunTableHelpers): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const hay = [r.name, h.label(r), r.id, h.kind(r), r.experiment ?? '', r.status, ...(r.tags ?? []).map((t) => `#${t}`)].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}

function compareBy(key: RunSortKey, h: RunTableHelpers): (a: RunManifest, b: RunManifest) => number {
  switch (key) {
    case 'name':
      return (a, b) => h.label(a).localeCompare(h.label(b), undefined, { numeric: true, sensitivity: 'base' });
    case 'created':
      return (a, b) => a.createdAt.localeCompare(b.createdAt);
    case 'status':
      return (a, b) => a.status.localeCompare(b.status);
    case 'kind':
      return (a, b) => h.kind(a).localeCompare(h.kind(b));
    case 'result':
      return (a, b) => (runResult(a) ?? 0) - (runResult(b) ?? 0);
  }
}

/**
 * The rows to show: groups (a run with its analyses' runs) filtered and sorted by their top run; a group
 * whose top run does not match but a child does keeps the top run as context. Runs without a result sort
 * last in either direction; ties keep the listing's order (newest first).
 */
export function arrangeRuns(list: readonly RunManifest[], sort: RunSort | null, filter: string, h: RunTableHelpers): RunTableRow[] {
  const groups: RunRow[][] = [];
  for (const row of groupRuns(list)) {
    if (row.childOf === null || groups.length === 0) groups.push([row]);
    else groups[groups.length - 1].push(row);
  }
  const kept = groups.flatMap((g) => {
    const [top, ...kids] = g;
    if (runMatches(top.run, filter, h)) return [g.map((row) => ({ ...row, context: false }))];
    const matching = kids.filter((k) => runMatches(k.run, filter, h));
    return matching.length === 0 ? [] : [[{ ...top, context: true }, ...matching.map((row) => ({ ...row, context: false }))]];
  });
  if (sort !== null) {
    const cmp = compareBy(sort.key, h);
    const sign = sort.dir === 'asc' ? 1 : -1;
    const missing = (r: RunManifest) => sort.key === 'result' && runResult(r) === null;
    kept.sort((ga, gb) => {
      const a = ga[0].run;
      const b = gb[0].run;
      if (missing(a) !== missing(b)) return missing(a) ? 1 : -1;
      return sign * cmp(a, b);
    });
  }
  return kept.flat();
}

/** One config field of the compare table: its dotted path and each run's value as text ('–' when the run has none). */
export interface ConfigDiffRow {
  path: string;
  values: string[];
}

/** A classifier config with the values older manifests leave out filled in, so "absent" and "the default" compare equal. */
function effectiveConfig(r: RunManifest): unknown {
  return isClassifierConfig(r.config) ? { ...r.config, preprocessing: runPreprocessing(r.config), validationFraction: runValidationFraction(r.config) } : r.config;
}

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && path !== '') out.set(path, '{}');
    for (const [k, v] of entries) leaves(v, path === '' ? k : `${path}.${k}`, out);
    return;
  }
  if (path === '') return;
  out.set(path, value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * Every leaf path of the runs' configs (and of their experiment configs, under `experiment.`, compared
 * among the runs that have one) where two runs differ, in first-seen order; with `all`, every leaf.
 * Arrays are one value each.
 */
export function configDiffRows(runs: readonly RunManifest[], all = false): ConfigDiffRow[] {
  const flat = runs.map((r) => {
    const out = new Map<string, string>();
    leaves(effectiveConfig(r), '', out);
    if (r.experimentConfig !== undefined) leaves(r.experimentConfig, 'experiment', out);
    return out;
  });
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const m of flat) {
    for (const p of m.keys()) {
      if (seen.has(p)) continue;
      seen.add(p);
      paths.push(p);
    }
  }
  // An experiment config is compared among the runs that have one: a run trained outside an experiment
  // differs from it in every field, which says nothing its own config rows do not.
  const hasExperiment = runs.map((r) => r.experimentConfig !== undefined);
  return paths.flatMap((path) => {
    const values = flat.map((m) => m.get(path) ?? '–');
    const compared = path.startsWith('experiment.') ? values.filter((_, i) => hasExperiment[i]) : values;
    return all || new Set(compared).size > 1 ? [{ path, values }] : [];
  });
}
