/**
 * Readers for CelebA's annotation lists, in the official whitespace form (`list_attr_celeba.txt`: a
 * count line, a header line of names, then `file v1 v2 ...`) and the common CSV form (`image_id,...`
 * header). Values of attributes are 1 / −1; landmarks are pixels of the aligned 178 × 218 images.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LabError } from '../../shared/result.ts';

export interface CelebaTable {
  /** Column names (without the file column). */
  columns: string[];
  /** File name → row of numbers, in file order. */
  rows: Map<string, number[]>;
}

/** Parses either form; every problem is one line naming the file and the line. */
export function readCelebaTable(path: string): CelebaTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LabError('bad-input', `${path}: cannot read (${(e as Error).message.split('\n')[0]})`);
  }
  const csv = path.toLowerCase().endsWith('.csv');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const split = (l: string) => (csv ? l.split(',').map((t) => t.trim()) : l.trim().split(/\s+/));
  let start = 0;
  // Official form: an image count, then the names; the partition list has neither.
  if (!csv && /^\d+$/.test(lines[0]?.trim() ?? '')) start = 1;
  let columns: string[] = [];
  const first = split(lines[start] ?? '');
  const headerless = first.length > 1 && /\.(jpe?g|png)$/i.test(first[0]);
  if (!headerless) {
    columns = csv ? first.slice(1) : first;
    start++;
  }
  const rows = new Map<string, number[]>();
  for (let i = start; i < lines.length; i++) {
    const t = split(lines[i]);
    const values = t.slice(1).map(Number);
    if (t.length < 2 || values.some((v) => !Number.isFinite(v))) throw new LabError('bad-input', `${path}: line ${i + 1} is not "<file> <numbers>": ${lines[i].slice(0, 80)}`);
    if (columns.length > 0 && values.length !== columns.length) {
      throw new LabError('bad-input', `${path}: line ${i + 1} has ${values.length} values for ${columns.length} columns`);
    }
    rows.set(t[0], values);
  }
  if (rows.size === 0) throw new LabError('bad-input', `${path}: no rows`);
  if (columns.length === 0) columns = (rows.values().next().value as number[]).map((_, k) => `${basename(path)}[${k}]`);
  return { columns, rows };
}

export const LANDMARK_COLUMNS = ['lefteye_x', 'lefteye_y', 'righteye_x', 'righteye_y', 'nose_x', 'nose_y', 'leftmouth_x', 'leftmouth_y', 'rightmouth_x', 'rightmouth_y'];
