/**
 * The tables the app shows, as data (issue 21): column names and full-precision rows, laid out as the
 * CLI's --json has them (a metric's median, q1, q3 and n as `<metric>.median` …; the pointing game's hit
 * rate as `pointingGame` with `pointingGameN`), never the rounded display.
 */
import type { MethodSummary, RunManifest } from '../shared/run.ts';
import type { Cell, DataTable } from './export-data.ts';
import { METRICS } from './metric-info.ts';

/** The columns of a MethodSummary, flattened (every Spread: median, q1, q3, n). */
export function summaryColumns(summaries: readonly MethodSummary[]): string[] {
  const cols: string[] = ['images'];
  for (const m of METRICS) {
    if (m.key === 'pointingGame') cols.push('pointingGame', 'pointingGameN');
    else cols.push(`${m.key}.median`, `${m.key}.q1`, `${m.key}.q3`, `${m.key}.n`);
  }
  if (summaries.some((s) => s.completenessGap)) cols.push('completenessGap.median', 'completenessGap.q1', 'completenessGap.q3', 'completenessGap.n');
  return cols;
}

export function summaryCells(s: MethodSummary, columns: readonly string[]): Cell[] {
  return columns.map((c) => {
    const [k, part] = c.split('.') as [keyof MethodSummary, string | undefined];
    const v = s[k] as unknown;
    if (part === undefined) return typeof v === 'number' ? v : null;
    const o = v as Record<string, unknown> | undefined;
    const x = o?.[part];
    return typeof x === 'number' ? x : null;
  });
}

/** Per-method metrics of one run (the Saliency view's table). */
export function metricsTable(methods: ReadonlyArray<{ method: string; summary: MethodSummary }>, extra: Record<string, Cell> = {}): DataTable {
  const cols = summaryColumns(methods.map((m) => m.summary));
  const keys = Object.keys(extra);
  return { columns: [...keys, 'method', ...cols], rows: methods.map((m) => [...keys.map((k) => extra[k]), m.method, ...summaryCells(m.summary, cols)]) };
}

/** Metrics of several runs (the compare table): one row per run and method. */
export function compareMetricsTable(rows: ReadonlyArray<{ runId: string; run: string; method: string; summary: MethodSummary }>): DataTable {
  const cols = summaryColumns(rows.map((r) => r.summary));
  return { columns: ['runId', 'run', 'method', ...cols], rows: rows.map((r) => [r.runId, r.run, r.method, ...summaryCells(r.summary, cols)]) };
}

/** Objects (rows of an analysis result) as a table: their keys in first-seen order; nested objects flattened with dots, arrays as JSON text. */
export function recordsTable(records: ReadonlyArray<object>, columns?: readonly string[]): DataTable {
  const flat = records.map((r) => flatten(r as Record<string, unknown>));
  const cols = columns ?? [...new Set(flat.flatMap((r) => Object.keys(r)))];
  return { columns: cols, rows: flat.map((r) => cols.map((c) => r[c] ?? null)) };
}

function flatten(o: Record<string, unknown>, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else if (Array.isArray(v)) out[key] = JSON.stringify(v);
    else out[key] = v as Cell;
  }
  return out;
}

/** The runs table: one row per run, with each method's box mass share and enrichment medians. */
export function runsTable(list: readonly RunManifest[]): DataTable {
  const methods = [...new Set(list.flatMap((r) => Object.keys(r.metrics ?? {})))];
  const columns = ['id', 'name', 'kind', 'experiment', 'status', 'epochsDone', 'epochs', 'testAccuracy', 'datasetId', 'backend', 'createdAt', 'tags', 'notes', ...methods.flatMap((m) => [`${m}.boxMassShare.median`, `${m}.enrichment.median`, `${m}.zeroFractionInBox.median`])];
  const rows = list.map((r): Cell[] => [
    r.id,
    r.name,
    r.kind,
    r.experiment ?? null,
    r.status,
    r.checkpointEpoch,
    (r.config as { epochs?: number }).epochs ?? null,
    r.testAccuracy,
    r.datasetId,
    r.backend?.name ?? null,
    r.createdAt,
    (r.tags ?? []).join(' '),
    r.notes ?? null,
    ...methods.flatMap((m) => {
      const s = r.metrics?.[m];
      return [s?.boxMassShare.median ?? null, s?.enrichment.median ?? null, s?.zeroFractionInBox.median ?? null];
    }),
  ]);
  return { columns, rows };
}
