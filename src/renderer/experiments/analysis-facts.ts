/**
 * An analysis' settings and provenance in one line, for any kind: the config it ran with (the run itself
 * left out, nested options as dotted names) and what the quick preset would set, so a reader knows what a
 * panel's numbers stand on without opening the file.
 */
import type { AnalysisFile } from '../../shared/experiments/analysis-common.ts';
import { formatEta } from '../../shared/format.ts';

function value(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (Array.isArray(v)) return v.map(value).join(', ');
  if (v === null || v === undefined) return '–';
  return String(v);
}

function flatten(prefix: string, v: unknown, out: string[]): void {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}.${k}` : k, x, out);
  } else {
    out.push(`${prefix} ${value(v)}`);
  }
}

/** Objects with more entries than this (a method's full options) are left to the hover text. */
const SHOWN_NESTED = 4;

/**
 * `limit 20 · qs 0, 90, 98, 99.9 · occlusion patch 8, stride 4, fill mean`: the settings a reader compares
 * runs by; quick is said on its own, and a long nested object (the saliency options, most of which the
 * kind's methods do not read) only in settingsTitle.
 */
export function settingsText(config: Record<string, unknown> | undefined): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(config ?? {})) {
    if (k === 'run' || k === 'quick') continue;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const inner: string[] = [];
      flatten('', v, inner);
      if (inner.length <= SHOWN_NESTED) out.push(`${k} ${inner.join(', ')}`);
    } else {
      out.push(`${k} ${value(v)}`);
    }
  }
  return out.join(' · ');
}

/** Every setting, nested ones as dotted names, one per line (the facts line's hover text). */
export function settingsTitle(config: Record<string, unknown> | undefined): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(config ?? {})) if (k !== 'run') flatten(k, v, out);
  return out.join('\n');
}

/** `quick · wasm · 12s · 2026-01-01 10:00`. */
export function provenanceText(file: AnalysisFile): string {
  return [file.config?.quick === true ? 'quick' : 'full settings', file.backend ?? '–', `took ${formatEta(file.seconds)}`, file.createdAt.slice(0, 16).replace('T', ' ')].join(' · ');
}
