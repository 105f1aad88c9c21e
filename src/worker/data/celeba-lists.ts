/**
 * Readers for CelebA's annotation lists, in the official whitespace form (`list_attr_celeba.txt`: a
 * count line, a header line of names, then `file v1 v2 ...`) and the common CSV form (`image_id,...`
 * header). Values of attributes are 1 / −1; landmarks are pixels of the aligned 178 × 218 images.
 *
 * A list is read as the rest of the host reads a user's files (issue 16): only a regular file inside the
 * CelebA folder, opened without blocking (a FIFO named like a list is refused, not waited on), and at
 * most LIST_LIMITS bytes and rows. Each row names a file inside the image folder, never a path: a row
 * `../../outside/secret.png` or `/dev/zero` is refused with its line. A garbled line is quoted short and
 * escaped (quote-text.ts), never echoed raw.
 */
import { basename } from 'node:path';
import { quoteText, hasControlCharacters } from '../../shared/quote-text.ts';
import { LabError } from '../../shared/result.ts';
import { readRegularFileInside } from '../../node/confine.ts';

export interface CelebaTable {
  /** Column names (without the file column). */
  columns: string[];
  /** File name → row of numbers, in file order. */
  rows: Map<string, number[]>;
}

export interface ListLimits {
  /** The largest list read (bytes). */
  bytes: number;
  /** The most rows a list may have. */
  rows: number;
}

/**
 * The official lists are 26.7 MB (attributes), 12.1 MB (landmarks) and 2.8 MB (partition) for 202,599
 * images; the caps leave room for any re-export, and keep a huge list from holding gigabytes of rows.
 */
export const LIST_LIMITS: Readonly<ListLimits> = { bytes: 64 * 2 ** 20, rows: 1_000_000 };

/** A row's file name: one name inside the image folder, never a path, a parent or control characters. */
export function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[\\/]/.test(name) && !hasControlCharacters(name);
}

/**
 * Parses either form; every problem is one line naming the file and the line. `root` is the CelebA
 * folder the user named: the list must lie inside it.
 */
export function readCelebaTable(path: string, root: string, over?: Partial<ListLimits>): CelebaTable {
  const limits = { ...LIST_LIMITS, ...over };
  let text = readRegularFileInside(root, path, 'list', limits.bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const csv = path.toLowerCase().endsWith('.csv');
  const split = (l: string) => (csv ? l.split(',').map((t) => t.trim()) : l.trim().split(/\s+/));
  const bad = (lineNo: number, why: string) => new LabError('bad-input', `${path}: line ${lineNo} ${why}`);
  let columns: string[] = [];
  const rows = new Map<string, number[]>();
  const firstLine = new Map<string, number>();
  // Walked line by line (never text.split): a list of millions of empty lines costs no memory.
  let stage: 'count' | 'header' | 'rows' = csv ? 'header' : 'count';
  let lineNo = 0;
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end).replace(/\r$/, '');
    at = end < 0 ? text.length : end + 1;
    lineNo++;
    if (line.trim() === '') continue;
    const t = split(line);
    // Official form: an image count, then the names; the partition list has neither.
    if (stage === 'count') {
      stage = 'header';
      if (/^\d+$/.test(line.trim())) continue;
    }
    if (stage === 'header') {
      stage = 'rows';
      const headerless = t.length > 1 && /\.(jpe?g|png)$/i.test(t[0]);
      if (!headerless) {
        columns = csv ? t.slice(1) : t;
        const odd = columns.find((c) => c === '' || hasControlCharacters(c));
        if (odd !== undefined) throw bad(lineNo, `has a column name ${quoteText(odd)} that is empty or holds control characters`);
        continue;
      }
    }
    const values = t.slice(1).map(Number);
    if (t.length < 2 || values.some((v) => !Number.isFinite(v))) throw bad(lineNo, `is not "<file> <numbers>": ${quoteText(line)}`);
    if (columns.length > 0 && values.length !== columns.length) throw bad(lineNo, `has ${values.length} values for ${columns.length} columns`);
    if (!isPlainFileName(t[0])) throw bad(lineNo, `names ${quoteText(t[0])}, not a file name inside the image folder`);
    const seen = firstLine.get(t[0]);
    if (seen !== undefined) throw bad(lineNo, `repeats ${quoteText(t[0])} (first on line ${seen})`);
    if (rows.size >= limits.rows) throw bad(lineNo, `is past the ${limits.rows} rows the lab reads from a list`);
    firstLine.set(t[0], lineNo);
    rows.set(t[0], values);
  }
  if (rows.size === 0) throw new LabError('bad-input', `${path}: no rows`);
  if (columns.length === 0) columns = (rows.values().next().value as number[]).map((_, k) => `${basename(path)}[${k}]`);
  return { columns, rows };
}

export const LANDMARK_COLUMNS = ['lefteye_x', 'lefteye_y', 'righteye_x', 'righteye_y', 'nose_x', 'nose_y', 'leftmouth_x', 'leftmouth_y', 'rightmouth_x', 'rightmouth_y'];
