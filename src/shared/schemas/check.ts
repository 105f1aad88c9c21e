/**
 * Running a schema and saying what is wrong in one line: `field.path: problem`, naming the first bad
 * field (issue 7: options of the wrong type were run as if they were right). Every door formats its
 * errors from here, so the wording is the same over the web, IPC, the CLI and the host.
 */
import { quoteText } from '../quote-text.ts';
import type { z } from 'zod';
import { LabError } from '../result.ts';

/** A value as a message quotes it: strings quoted (and cut short), objects named, never multi-line. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  // Quoted and escaped: a value from a user's file never shows raw control bytes (issue 16).
  if (typeof v === 'string') return quoteText(v, 60);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;
}

const A_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

/**
 * The wording of zod's own issues (a schema's own `error` wins over this). Returns undefined to keep
 * zod's message for issue kinds we do not word ourselves.
 */
function describe(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${A_TYPE[iss.expected] ?? iss.expected}, got ${show(iss.input)}`;
    case 'invalid_value':
      return `expected ${iss.values.map(show).join(' or ')}, got ${show(iss.input)}`;
    case 'invalid_union': {
      const input = iss.input as Record<string, unknown> | undefined;
      if ('discriminator' in iss && typeof iss.discriminator === 'string' && Array.isArray(iss.options)) {
        return `expected ${(iss.options as unknown[]).map(show).join(' or ')}, got ${show(typeof input === 'object' && input !== null ? input[iss.discriminator] : input)}`;
      }
      return undefined;
    }
    case 'too_small':
      if (iss.origin === 'array') return `expected at least ${iss.minimum} item${Number(iss.minimum) === 1 ? '' : 's'}, got ${Array.isArray(iss.input) ? iss.input.length : show(iss.input)}`;
      if (iss.origin === 'string') return Number(iss.minimum) === 1 ? 'must not be empty' : `expected at least ${iss.minimum} characters`;
      return `expected ${iss.inclusive === false ? '>' : '≥'} ${iss.minimum}, got ${show(iss.input)}`;
    case 'too_big':
      if (iss.origin === 'array') return `expected at most ${iss.maximum} items, got ${Array.isArray(iss.input) ? iss.input.length : show(iss.input)}`;
      if (iss.origin === 'string') return `expected at most ${iss.maximum} characters`;
      return `expected ${iss.inclusive === false ? '<' : '≤'} ${iss.maximum}, got ${show(iss.input)}`;
    case 'invalid_format':
      return `expected ${iss.format === 'url' ? 'an http(s) URL' : iss.format}, got ${show(iss.input)}`;
    case 'unrecognized_keys':
      return 'unknown field';
    default:
      return undefined;
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; path: PropertyKey[]; problem: string };

/** Parses `value`; on failure, the first problem and the path of the field it is about. */
export function check<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const r = schema.safeParse(value, { error: describe });
  if (r.success) return { ok: true, value: r.data };
  const iss = r.error.issues[0];
  // An unknown key is about that key, not about the object holding it.
  const path = iss.code === 'unrecognized_keys' ? [...iss.path, iss.keys[0]] : iss.path;
  const more = iss.code === 'unrecognized_keys' && iss.keys.length > 1 ? ` (and ${iss.keys.slice(1).map(show).join(', ')})` : '';
  return { ok: false, path, problem: iss.message + more };
}

/** `config.source.kind`, `methods[1]`; the whole value is `params`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'params';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * Parses or throws a 'bad-input' LabError `label: field.path: problem`.
 * @example parseOrThrow(SaliencyOptionsSchema, { q: 120 }, 'saliency options') // throws "saliency options: q: expected a number in [0, 100], got 120"
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, label: string): z.output<S> {
  const r = check(schema, value);
  if (r.ok) return r.value;
  throw new LabError('bad-input', `${label}: ${dottedPath(r.path)}: ${r.problem}`);
}

/** Compile-time: A and B accept the same values (used to keep hand-written interfaces and schemas in step). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Assert<T extends true> = T;
