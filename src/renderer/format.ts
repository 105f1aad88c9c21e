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
/** A face's glasses group in words (maps, the Fig. 2b picker). */
export const GLASSES_WORDS: Record<'dark' | 'clear' | 'none', string> = { dark: 'dark glasses', clear: 'clear glasses', none: 'no glasses' };

export function formatLogit(v: number | null | undefined): string {
  // A typographic minus to match the plus (toFixed writes a hyphen).
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;
}
