/** Formatting shared by views. */
export { formatEta } from '../shared/format.ts';
export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(digits)}%`;
}

export function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

/** The black-box experiment's two classes (label 1 = a black box was pasted). */
export const CLASS_NAMES: Record<0 | 1, string> = { 0: 'no box', 1: 'box' };

export function formatLogit(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
}
