/**
 * Reading values out of parsed flags, with one-line errors that name the flag. Flags only say how a value
 * is spelled on a command line (numbers, on/off, lists); what a value may be is the contract's schemas,
 * the same ones the web and desktop doors use (issue 7), and their problems are told against the flag.
 */
import type { z } from 'zod';
import { LabError } from '../../shared/result.ts';
import { check, dottedPath } from '../../shared/schemas/check.ts';

/** Parsed flags; a flag declared `multiple` (`--set a=1 --set b=2`) holds every value given. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

export function requireFlag(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.length === 0) throw new LabError('bad-input', `--${name} is required`);
  return v;
}

/** A flag that only has to be a number (a port); numbers of the contract go through flagNumeric and a schema. */
export function flagNumber(flags: Flags, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n)) throw new LabError('bad-input', `--${name}: expected a number, got "${String(v)}"`);
  return n;
}

/**
 * A flag spelled as a number becomes one; anything else is passed on as written, so the schema's
 * message quotes it (`--epochs: expected an integer in [1, 1000], got "ten"`).
 */
export function flagNumeric(flags: Flags, name: string): number | string | undefined {
  const v = flags[name];
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : v;
}

export function flagOnOff(flags: Flags, name: string): boolean | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new LabError('bad-input', `--${name}: expected on or off, got "${String(v)}"`);
}

/** `{ a: 1, b: undefined }` → `{ a: 1 }`: a flag not given leaves the field to the schema's default. */
export function given<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Parses what the flags built with a contract schema; a problem is reported against the flag that set
 * the field (`flagOf` maps a field path, or its parent, to a flag name).
 * @example parseFlags(TrainOptionsSchema, { epochs: 'ten' }, { epochs: 'epochs' }) // throws "--epochs: expected an integer in [1, 1000], got \"ten\""
 */
export function parseFlags<S extends z.ZodType>(schema: S, value: unknown, flagOf: Record<string, string>): z.output<S> {
  const r = check(schema, value);
  if (r.ok) return r.value;
  const path = dottedPath(r.path);
  const field = Object.keys(flagOf)
    .filter((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`))
    .sort((a, b) => b.length - a.length)[0];
  throw new LabError('bad-input', `${field === undefined ? path : `--${flagOf[field]}`}: ${r.problem}`);
}
