/**
 * A kind's config from flags as a command line spells them (`--epochs 3`, `--quick`): each flag the kind
 * declares (FlagSpec) sets its config fields, then the kind's schema checks the whole; a problem is told
 * against the flag that set the field. The CLI's `experiment`/`analyse` and batches (whose grid values
 * are flag values) read configs the same way, so a value refused on one is refused on the other.
 */
import { LabError } from '../../../shared/result.ts';
import { didYouMean } from '../../../shared/did-you-mean.ts';
import { setPath } from '../../../shared/experiments/common.ts';
import { dottedPath } from '../../../shared/schemas/check.ts';
import { type ExperimentDefinition, type FlagSpec, checkExperimentConfig } from './experiment-definition.ts';

export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** A number where the text is one; else the text, so the schema's message quotes it. */
function numeric(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** One flag's value as its spec reads it; undefined when not given. */
export function readFlagValue(name: string, spec: FlagSpec, value: string | boolean | undefined): unknown {
  if (spec.read === 'switch') return value === true || value === 'true' || value === 'on';
  if (typeof value !== 'string') return undefined;
  if (spec.read === 'number') return numeric(value);
  if (spec.read === 'on-off') {
    if (value === 'on' || value === 'true') return true;
    if (value === 'off' || value === 'false') return false;
    throw new LabError('bad-input', `--${name}: expected on or off, got "${value}"`);
  }
  if (spec.read === 'list') return value.split(',').map((s) => s.trim());
  if (spec.read === 'text') return value;
  try {
    return spec.read(value);
  } catch (e) {
    throw new LabError('bad-input', `--${name}: ${(e as Error).message}`);
  }
}

/**
 * The kind's config from its flags, validated. Flags in `ignore` belong to the door (`--json`,
 * `--workspace`); any other flag the kind does not declare is refused, naming the flags it has.
 */
export function experimentConfigFromFlags(def: ExperimentDefinition, flags: FlagValues, ignore: ReadonlySet<string> = new Set()): unknown {
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flags)) {
    if (value === undefined || ignore.has(name)) continue;
    const spec = Object.hasOwn(def.flags, name) ? def.flags[name] : undefined;
    if (spec === undefined) {
      const hint = didYouMean(name, Object.keys(def.flags), '--');
      throw new LabError('bad-input', `--${name}: not a flag of experiment ${def.info.kind}${hint === '' ? ` (it takes ${Object.keys(def.flags).map((f) => `--${f}`).join(', ')})` : hint}`);
    }
    const v = readFlagValue(name, spec, value);
    // A switch not given is false and sets nothing; `--padding-trick off` is a false that must be set.
    if (v !== undefined && !(spec.read === 'switch' && v === false)) for (const path of spec.paths) setPath(input, path, v);
  }
  const checked = checkExperimentConfig(def, input);
  if (checked.ok) return checked.value;
  const path = dottedPath(checked.path);
  const owner = Object.entries(def.flags)
    .flatMap(([name, spec]) => spec.paths.map((p) => ({ name, p })))
    .filter(({ p }) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`))
    .sort((a, b) => b.p.length - a.p.length)[0];
  throw new LabError('bad-input', owner === undefined ? `experiment ${def.info.kind}: ${path}: ${checked.problem}` : `--${owner.name}: ${checked.problem}`);
}
