/**
 * A form for any experiment kind, from the JSON Schema of its config that the host sends
 * (ExperimentInfo.configSchema): the renderer never imports the host's zod schemas. Fields are grouped
 * by the config's top-level keys (dataset, train, concept, maps…), show their defaults and bounds, and
 * the config sent holds only what the user changed, so the host's defaults and the quick preset (which
 * goes *under* the input) still apply to everything else.
 */
import type { JsonSchema } from '../shared/experiments/index.ts';
import { setPath } from '../shared/experiments/common.ts';

export type FieldKind = 'number' | 'integer' | 'enum' | 'boolean' | 'string' | 'multi' | 'numbers' | 'variant';

export interface Variant {
  /** The value of the discriminating `kind`. */
  value: string;
  /** Its other fields: text (a path, an archive, a URL). */
  extra: Array<{ key: string; required: boolean; maxLength?: number }>;
}

export interface FormField {
  /** Dotted path in the config: `train.epochs`. */
  path: string;
  /** The top-level key the field belongs to ('general' for top-level values). */
  group: string;
  /** The field's name within its group: `epochs`, `options › q`. */
  label: string;
  kind: FieldKind;
  default: unknown;
  required: boolean;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  /** enum and multi: the choices. */
  options?: string[];
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  /** variant: the union's members, told apart by `kind`. */
  variants?: Variant[];
  /** string fields whose schema also allows an integer (a class index or a name). */
  numericToo?: boolean;
}

export interface FormGroup {
  name: string;
  fields: FormField[];
}

/** Top-level keys that are not fields (the launcher has its own Quick toggle). */
const NOT_FIELDS = new Set(['quick']);
/**
 * Fields the schema fills from another field when left empty, so the form shows only the one to type:
 * the faces dataset checks the concept's attribute and group size (shared/experiments/vae-concept.ts presetDefaults).
 * Two "attribute" and "per group" fields with different defaults confused a new user.
 */
const MIRRORED_FIELDS = new Set(['dataset.attribute', 'dataset.perGroup']);

function numberBounds(s: JsonSchema): Pick<FormField, 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum'> {
  return {
    minimum: s.exclusiveMinimum ?? s.minimum,
    maximum: s.exclusiveMaximum ?? s.maximum,
    exclusiveMinimum: s.exclusiveMinimum !== undefined ? true : undefined,
    exclusiveMaximum: s.exclusiveMaximum !== undefined ? true : undefined,
  };
}

/** A union of objects each with a constant `kind` (a dataset source). */
function variantsOf(s: JsonSchema): Variant[] | null {
  const members = s.oneOf ?? s.anyOf;
  if (!members || members.length === 0) return null;
  const out: Variant[] = [];
  for (const m of members) {
    const kind = m.properties?.kind;
    if (m.type !== 'object' || kind === undefined || typeof kind.const !== 'string') return null;
    const extra = Object.entries(m.properties ?? {})
      .filter(([k, p]) => k !== 'kind' && p.type === 'string')
      .map(([k, p]) => ({ key: k, required: (m.required ?? []).includes(k), maxLength: p.maxLength }));
    out.push({ value: kind.const, extra });
  }
  return out;
}

function leaf(path: string, group: string, label: string, s: JsonSchema, required: boolean): FormField | null {
  const base = { path, group, label, default: s.default, required, description: s.description };
  const variants = variantsOf(s);
  if (variants !== null) return { ...base, kind: 'variant', variants };
  const anyTypes = (s.anyOf ?? s.oneOf ?? []).map((m) => m.type);
  if (anyTypes.length > 0 && anyTypes.includes('string')) return { ...base, kind: 'string', numericToo: anyTypes.includes('integer') || anyTypes.includes('number') };
  if (s.enum !== undefined) return { ...base, kind: 'enum', options: s.enum.map(String) };
  switch (s.type) {
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'integer':
      return { ...base, kind: 'integer', ...numberBounds(s) };
    case 'number':
      return { ...base, kind: 'number', ...numberBounds(s) };
    case 'string':
      return s.const !== undefined ? null : { ...base, kind: 'string', maxLength: s.maxLength };
    case 'array':
      if (s.items?.enum !== undefined) return { ...base, kind: 'multi', options: s.items.enum.map(String), minItems: s.minItems, maxItems: s.maxItems };
      if (s.items?.type === 'number' || s.items?.type === 'integer') return { ...base, kind: 'numbers', minItems: s.minItems, maxItems: s.maxItems, ...numberBounds(s.items) };
      return null;
    default:
      return null;
  }
}

function walk(s: JsonSchema, path: string[], group: string, required: boolean, out: FormField[]): void {
  if (s.type === 'object' && s.properties !== undefined) {
    for (const [k, sub] of Object.entries(s.properties)) walk(sub, [...path, k], group, (s.required ?? []).includes(k), out);
    return;
  }
  const label = path.slice(group === 'general' ? 0 : 1).join(' › ');
  if (MIRRORED_FIELDS.has(path.join('.'))) return;
  const f = leaf(path.join('.'), group, label, s, required);
  if (f !== null) out.push(f);
}

/**
 * The config's fields by group, in the schema's order; a top-level value that is not an object goes
 * into 'general'. Constants (a model id there is only one of) are not fields.
 * @example formGroups(schema).map((g) => g.name) // ['dataset', 'train', 'concept', 'maps']
 */
export function formGroups(schema: JsonSchema | undefined): FormGroup[] {
  if (schema?.properties === undefined) return [];
  const groups = new Map<string, FormField[]>();
  for (const [k, sub] of Object.entries(schema.properties)) {
    if (NOT_FIELDS.has(k)) continue;
    const group = sub.type === 'object' && sub.properties !== undefined ? k : 'general';
    const fields = groups.get(group) ?? [];
    walk(sub, [k], group, (schema.required ?? []).includes(k), fields);
    groups.set(group, fields);
  }
  return [...groups].filter(([, f]) => f.length > 0).map(([name, fields]) => ({ name, fields }));
}

/** `get({ a: { b: 1 } }, 'a.b')` → 1. */
export function getPath(obj: unknown, path: string): unknown {
  let v = obj;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** What a field shows: the user's value, else the quick preset's (when Quick is on), else the default. */
export function shownValue(field: FormField, edits: Readonly<Record<string, unknown>>, quick: boolean, quickPreset: Record<string, unknown> | undefined): { value: unknown; from: 'edit' | 'quick' | 'default' } {
  if (field.path in edits) return { value: edits[field.path], from: 'edit' };
  const q = quick ? getPath(quickPreset, field.path) : undefined;
  if (q !== undefined) return { value: q, from: 'quick' };
  return { value: field.default, from: 'default' };
}

/** The config to send: only the edited fields, nested, and `quick` when it is on. */
export function buildConfig(edits: Readonly<Record<string, unknown>>, quick: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(edits)) if (v !== undefined) setPath(out, path, v);
  if (quick) out.quick = true;
  return out;
}

/** Bounds exactly as the schema has them (a seed's ±2³¹ must not read as a rounded number). */
function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(+v.toPrecision(6));
}

/** The field's bounds in words, `[1, 1000]` or `(0, 1)`; '' when it has none. */
export function boundsText(f: FormField): string {
  if (f.kind === 'multi') return f.minItems !== undefined ? `at least ${f.minItems}` : '';
  if (f.minimum === undefined && f.maximum === undefined) return '';
  if (f.minimum === -(2 ** 31) && f.maximum === 2 ** 31 - 1) return 'any 32-bit integer';
  const lo = f.minimum === undefined ? '−∞' : fmt(f.minimum);
  const hi = f.maximum === undefined ? '∞' : fmt(f.maximum);
  return `${f.exclusiveMinimum ? '(' : '['}${lo}, ${hi}${f.exclusiveMaximum ? ')' : ']'}`;
}

function numberProblem(f: Pick<FormField, 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum'>, v: number, integer: boolean): string | null {
  if (!Number.isFinite(v)) return 'not a number';
  if (integer && !Number.isInteger(v)) return 'must be a whole number';
  const low = f.minimum !== undefined && (f.exclusiveMinimum ? v <= f.minimum : v < f.minimum);
  const high = f.maximum !== undefined && (f.exclusiveMaximum ? v >= f.maximum : v > f.maximum);
  return low || high ? `must be in ${boundsText({ kind: 'number', ...f } as FormField)}` : null;
}

/** Why a value is not allowed, in a few words; null when it is (the host checks again). */
export function fieldProblem(f: FormField, v: unknown): string | null {
  if (v === undefined) return f.required && f.default === undefined ? 'required' : null;
  switch (f.kind) {
    case 'integer':
    case 'number':
      return typeof v !== 'number' ? 'not a number' : numberProblem(f, v, f.kind === 'integer');
    case 'numbers': {
      if (!Array.isArray(v)) return 'a list of numbers';
      if (f.minItems !== undefined && v.length < f.minItems) return `at least ${f.minItems}`;
      if (f.maxItems !== undefined && v.length > f.maxItems) return `at most ${f.maxItems}`;
      for (const x of v) {
        const p = typeof x === 'number' ? numberProblem(f, x, false) : 'not a number';
        if (p !== null) return `${String(x)}: ${p}`;
      }
      return null;
    }
    case 'multi': {
      if (!Array.isArray(v)) return 'pick from the list';
      if (f.minItems !== undefined && v.length < f.minItems) return `pick at least ${f.minItems}`;
      return null;
    }
    case 'string':
      return typeof v === 'string' && v.length === 0 ? 'must not be empty' : null;
    case 'variant': {
      const kind = (v as { kind?: unknown })?.kind;
      const variant = f.variants?.find((x) => x.value === kind);
      if (variant === undefined) return 'pick one';
      const missing = variant.extra.find((e) => e.required && !((v as Record<string, unknown>)[e.key] as string | undefined));
      return missing ? `${missing.key} is required` : null;
    }
    default:
      return null;
  }
}

/** Text typed into a number field: a number, or undefined for an empty field (back to the default). */
export function parseNumberText(text: string): number | undefined {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
}

/** `-1, 0, 0.5` → [-1, 0, 0.5]; empty → undefined. */
export function parseNumbersText(text: string): number[] | undefined {
  const t = text.trim();
  return t === '' ? undefined : t.split(/[\s,;]+/).filter(Boolean).map(Number);
}

/** A value as the form shows it in text. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
