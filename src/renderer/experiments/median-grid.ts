/** The columns and cells MedianGrid.vue draws: a median with its n at (metric, method, column). */

export interface GridColumn {
  key: string | number;
  label: string;
  /** Shaded (the paper's q, the run's own encoding). */
  highlight?: boolean;
  title?: string;
}

export type GridCell = (metric: string, method: string, column: string | number) => { median: number | null; n: number } | undefined;

/** A cell lookup over rows that carry { metric, method, median, n } and their column under `key`. */
export function cellsBy<Row extends { metric: string; method: string; median: number | null; n: number }>(rows: readonly Row[], column: (r: Row) => string | number): GridCell {
  const byKey = new Map(rows.map((r) => [`${r.metric}\u0000${r.method}\u0000${column(r)}`, r]));
  return (metric, method, c) => byKey.get(`${metric}\u0000${method}\u0000${c}`);
}
