/** Reading typed values out of parsed flags, with one-line errors that name the flag. */
import { LabError } from '../../shared/result.ts';

export type Flags = Record<string, string | boolean | undefined>;

export function requireFlag(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.length === 0) throw new LabError('bad-input', `--${name} is required`);
  return v;
}

export function flagNumber(flags: Flags, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n)) throw new LabError('bad-input', `--${name}: expected a number, got "${String(v)}"`);
  return n;
}

export function flagOnOff(flags: Flags, name: string): boolean | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new LabError('bad-input', `--${name}: expected on or off, got "${String(v)}"`);
}
