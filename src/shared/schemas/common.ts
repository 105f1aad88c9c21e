/** Field schemas used across the contract: bounded numbers, ids, paths, seeds. */
import { z } from 'zod';
import { show } from './check.ts';

/** An integer in [lo, hi]; every failure (type, fraction, range) says the whole rule. */
export function intIn(lo: number, hi: number) {
  const error = (iss: { input?: unknown }) => `expected an integer in [${lo}, ${hi}], got ${show(iss.input)}`;
  return z.int({ error }).min(lo, { error }).max(hi, { error });
}

/** A finite number in [lo, hi], or (lo, hi) at an open end. */
export function numberIn(lo: number, hi: number, open: { lo?: boolean; hi?: boolean } = {}) {
  const error = (iss: { input?: unknown }) => `expected a number in ${open.lo ? '(' : '['}${lo}, ${hi}${open.hi ? ')' : ']'}, got ${show(iss.input)}`;
  const base = z.number({ error });
  const low = open.lo ? base.gt(lo, { error }) : base.min(lo, { error });
  return open.hi ? low.lt(hi, { error }) : low.max(hi, { error });
}

/** Dataset, run and job ids: what the workspace creates, and nothing that could name another folder. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}$/;
export const IdSchema = z.string({ error: (iss) => `expected an id, got ${show(iss.input)}` }).regex(ID_PATTERN, { error: (iss) => `expected an id (lower-case letters, digits and dashes), got ${show(iss.input)}` });

/** The trained black-box run an analysis (or the sweep) reads; `--run RUN_ID` on the command line. */
export const TrainedRunIdSchema = IdSchema.meta({ description: 'a trained black-box run', flagArg: 'RUN_ID' });

/** A file-system path the user chose; the file system says the rest. */
export const PathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => !s.includes('\0'), { error: 'must not contain a NUL character' });

/** Seeds feed 32-bit generators. */
export const SeedSchema = intIn(-2147483648, 2147483647);
