/**
 * A kind's command-line flags derived from its config schema (issue 17: "CLI flags (derived from the
 * schema, with help text)"). The schema in src/shared is the one truth: each field's description
 * (`.describe()` / `.meta({ description })`) is the flag's help, the schema's own default is shown after
 * it, and the field's type says how the text is read. A kind only writes what cannot be derived: a flag
 * spelled otherwise than its field (`--batch` for `train.batchSize`), a flag that sets several fields (a
 * shared `--seed`), a reader of its own (`--source`), and the fields it does not offer as flags.
 *
 * Field metadata the derivation reads besides `description`: `defaultHelp`, the text shown for the
 * default where the default is not one value (`the preset’s: cpu 3, reference 10`), and `flagArg`, the
 * value as usage shows it where the type does not say (`RUN_ID`).
 */
import { z } from 'zod';
import type { FlagSpec } from './experiment-definition.ts';

/** What a kind says of one flag that the schema cannot: the fields it sets, and how its text is read. */
export interface FlagOverride {
  /** Dotted field paths the flag sets; the help joins their descriptions and shows the first one's default. */
  paths: readonly string[];
  read?: FlagSpec['read'];
  arg?: string;
}

export interface FlagTable {
  /** Flags not named after their field (kebab-case of the field's last key): a path, or several with a reader. */
  flags?: Readonly<Record<string, string | FlagOverride>>;
  /** Fields (or whole sub-objects) offered as no flag. */
  omit?: readonly string[];
}

/** A zod schema as the walk sees it: its definition's tag and parts (zod 4's `_zod.def`). */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

interface Meta {
  description?: string;
  defaultHelp?: string;
  flagArg?: string;
}

/** The schema under its wrappers (defaults, optional, preprocess), with the metadata met on the way, outermost first. */
function unwrap(schema: z.ZodType): { core: z.ZodType; meta: Meta } {
  const meta: Meta = {};
  let s = schema;
  for (;;) {
    const m = z.globalRegistry.get(s) as Meta | undefined;
    if (m !== undefined) {
      meta.description ??= m.description;
      meta.defaultHelp ??= m.defaultHelp;
      meta.flagArg ??= m.flagArg;
    }
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType !== undefined) s = def.innerType;
    else if (def.type === 'pipe' && def.out !== undefined) s = defOf(def.out).type === 'transform' ? (def.in as z.ZodType) : def.out;
    else return { core: s, meta };
  }
}

const NONE = Symbol('no default');
type Default = unknown;

/** What the schema fills in when the field is not given (a preprocess or a prefault included); NONE when it refuses nothing given. */
function defaultOf(schema: z.ZodType): Default {
  for (const input of [undefined, {}]) {
    const r = schema.safeParse(input);
    if (r.success) return r.data;
  }
  return NONE;
}

interface Leaf {
  path: string;
  schema: z.ZodType;
  default: Default;
}

/** Every field that is not itself an object, in the schema's order, with its default. */
function leaves(schema: z.ZodType, path: string, given: Default): Leaf[] {
  const { core } = unwrap(schema);
  const def = defOf(core);
  if (def.type !== 'object' || def.shape === undefined) return [{ path, schema, default: given }];
  return Object.entries(def.shape).flatMap(([key, field]) => {
    const inherited = given !== NONE && typeof given === 'object' && given !== null ? (given as Record<string, unknown>)[key] : NONE;
    const fieldDefault = inherited !== NONE && inherited !== undefined ? inherited : defaultOf(field);
    return leaves(field, path === '' ? key : `${path}.${key}`, fieldDefault);
  });
}

/** The field at a dotted path, through wrappers and into a union's members (`dataset.source.url`). */
function fieldAt(schema: z.ZodType, path: string): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (const key of path.split('.')) {
    if (node === undefined) return undefined;
    const { core }: { core: z.ZodType } = unwrap(node);
    const def = defOf(core);
    if (def.type === 'object') node = def.shape?.[key];
    else if (def.type === 'union') node = def.options?.map((o) => fieldAt(o, key)).find((f) => f !== undefined);
    else return undefined;
  }
  return node;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const enumValues = (def: Def): string[] | null => (def.type === 'enum' && def.entries !== undefined ? Object.values(def.entries).map(String) : null);

/** How a field's text is read, from its type; null when the type needs a reader of the kind's own. */
function readOf(name: string, core: z.ZodType): Pick<FlagSpec, 'read' | 'arg'> | null {
  const def = defOf(core);
  if (def.type === 'number') return { read: 'number' };
  if (def.type === 'boolean') return name === 'quick' ? { read: 'switch' } : { read: 'on-off' };
  if (def.type === 'string') return { read: 'text' };
  const values = enumValues(def);
  if (values !== null) return { read: 'text', arg: values.join('|') };
  if (def.type === 'literal' && def.values?.length === 1) return { read: 'text', arg: String(def.values[0]) };
  if (def.type === 'array' && def.element !== undefined) {
    const el = defOf(unwrap(def.element).core);
    const choices = enumValues(el);
    if (choices !== null) return choices.length <= 5 ? { read: 'list', arg: choices.join(',') } : { read: 'list' };
    if (el.type === 'string') return { read: 'list' };
  }
  return null;
}

/** A default as the help shows it: `10`, `on`, `a,b`; null when there is none to show. */
function showDefault(value: Default, read: FlagSpec['read']): string | null {
  if (value === NONE || value === undefined || read === 'switch') return null;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  // A tagged choice (`{ kind: 'generated' }`) shows its tag.
  if (typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string') return (value as { kind: string }).kind;
  return null;
}

/** The default at a dotted path of a config's defaults. */
function defaultAt(defaults: Default, path: string): Default {
  let v = defaults;
  for (const key of path.split('.')) {
    if (v === NONE || typeof v !== 'object' || v === null) return NONE;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** `prefix.key` for each key: fields of a shared sub-object a kind offers no flag for. */
export const fieldsUnder = (prefix: string, keys: readonly string[]) => keys.map((k) => (prefix === '' ? k : `${prefix}.${k}`));

/** The saliency options every kind leaves to their defaults on the command line (`--q` and `--padding-trick` are flags). */
export const SALIENCY_OPTIONS_NOT_FLAGS = ['percentile', 'steps', 'baseline', 'samples', 'noiseLevel', 'inner', 'seed', 'timesInput'] as const;

/**
 * The flags of a config schema: one per field not omitted (named after it, read by its type, helped by its
 * description and default), with the table's flags in place of the fields they set. Throws when the
 * table names a field the schema lacks, two flags take one name, or a field has no description or no
 * reader: a kind's flags are checked when its module loads.
 */
export function flagsFromSchema(schema: z.ZodType, table: FlagTable = {}): Record<string, FlagSpec> {
  const all = leaves(schema, '', defaultOf(schema));
  const omitted = (path: string) => (table.omit ?? []).some((o) => path === o || path.startsWith(`${o}.`));
  for (const o of table.omit ?? []) if (fieldAt(schema, o) === undefined) throw new Error(`flags: omitted field ${o} is not in the schema`);
  const overrides = Object.entries(table.flags ?? {}).map(([name, o]) => ({ name, ...(typeof o === 'string' ? { paths: [o] } : o) }));
  const claimed = new Map<string, string>();
  for (const o of overrides) for (const p of o.paths) claimed.set(p, o.name);

  // Each flag at the place of the first field it sets, so the flags come in the schema's order.
  const entries: Array<[string, FlagSpec]> = [];
  const add = (name: string, spec: FlagSpec) => {
    if (entries.some(([n]) => n === name)) throw new Error(`flags: --${name} is two flags (${spec.paths.join(', ')}); name one in the kind's table`);
    entries.push([name, spec]);
  };
  const placed = new Set<string>();
  const placeOverride = (o: (typeof overrides)[number]) => {
    if (placed.has(o.name)) return;
    placed.add(o.name);
    const fields = o.paths.map((p) => {
      const f = fieldAt(schema, p);
      if (f === undefined) throw new Error(`flags: --${o.name} sets ${p}, which is not in the schema`);
      return { path: p, ...unwrap(f) };
    });
    const derived = o.read === undefined ? readOf(o.name, fields[0].core) : null;
    if (o.read === undefined && derived === null) throw new Error(`flags: --${o.name} (${o.paths[0]}) needs a reader`);
    const read = o.read ?? derived!.read;
    const arg = o.arg ?? fields[0].meta.flagArg ?? derived?.arg;
    const descriptions = [...new Set(fields.map((f) => f.meta.description).filter((d): d is string => d !== undefined && d !== ''))];
    const leaf = all.find((l) => l.path === o.paths[0]);
    const shown = fields[0].meta.defaultHelp ?? showDefault(leaf?.default ?? defaultAt(defaultOf(schema), o.paths[0]), read);
    add(o.name, { paths: o.paths, read, ...(arg === undefined ? {} : { arg }), help: withDefault(descriptions.join('; '), shown, o.name) });
  };
  for (const leaf of all) {
    const owner = claimed.get(leaf.path);
    if (owner !== undefined) placeOverride(overrides.find((o) => o.name === owner)!);
    else if (!omitted(leaf.path)) {
      const name = kebab(leaf.path.split('.').at(-1)!);
      const { core, meta } = unwrap(leaf.schema);
      const derived = readOf(name, core);
      if (derived === null) throw new Error(`flags: ${leaf.path} needs a reader (name it in the kind's table) or omit it`);
      const arg = meta.flagArg ?? derived.arg;
      add(name, { paths: [leaf.path], read: derived.read, ...(arg === undefined ? {} : { arg }), help: withDefault(meta.description ?? '', meta.defaultHelp ?? showDefault(leaf.default, derived.read), name) });
    }
    // A flag set inside a field (`--url` in `dataset.source`) comes after that field's own.
    for (const o of overrides) if (o.paths[0].startsWith(`${leaf.path}.`)) placeOverride(o);
  }
  for (const o of overrides) placeOverride(o);
  return Object.fromEntries(entries);
}

function withDefault(description: string, shown: string | null, name: string): string {
  if (description === '') throw new Error(`flags: --${name} has no description in the schema (.describe())`);
  return shown === null ? description : `${description} (${shown})`;
}
