/**
 * Data out (issue 21): any table or curve as CSV or JSON, with the numbers at full precision (what the
 * CLI's --json prints, not the rounded display). A table is column names and rows; CSV follows RFC 4180
 * (CRLF line ends; a field with a comma, quote, CR or LF is quoted, its quotes doubled), null, undefined
 * and non-finite numbers are empty (JSON's null), numbers are JavaScript's shortest round-trip form.
 */
export type Cell = string | number | boolean | null | undefined;

export interface DataTable {
  columns: readonly string[];
  /** One array of cells per row, in column order. */
  rows: ReadonlyArray<readonly Cell[]>;
}

/** One CSV field. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: DataTable): string {
  return [t.columns, ...t.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The rows as objects keyed by column name (non-finite numbers become null, as in JSON.stringify). */
export function toRecords(t: DataTable): Array<Record<string, Cell>> {
  return t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i] ?? null])));
}

export function toJson(t: DataTable): string {
  return JSON.stringify(toRecords(t), null, 2) + '\n';
}

/** Reads CSV back (RFC 4180): for tests and round trips. Every field is a string. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A file name from a title: lower case, words joined by '-'. */
export function fileStem(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'table'
  );
}

/** Saves text as a file through a Blob URL (the browser's download; Electron's save). */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportTable(t: DataTable, name: string, kind: 'csv' | 'json'): void {
  if (kind === 'csv') downloadText(toCsv(t), `${fileStem(name)}.csv`, 'text/csv;charset=utf-8');
  else downloadText(toJson(t), `${fileStem(name)}.json`, 'application/json');
}
