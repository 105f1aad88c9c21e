/**
 * Issue 17: a kind's CLI flags are derived from its config schema (src/main/host/experiments/flags-from-schema.ts).
 * Every registered kind's flags set fields its schema has and carry help; a default changed in a schema
 * shows in the help; and the flag names are those the hand-written tables had (tests, batch grids and the
 * docs use them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { experimentDefinitions } from '../../../../../src/main/host/experiments/registry.ts';
import { flagsFromSchema } from '../../../../../src/main/host/experiments/flags-from-schema.ts';
import { checkExperimentConfig } from '../../../../../src/main/host/experiments/experiment-definition.ts';
import { kindHelp } from '../../../../../src/main/cli/commands/experiment.ts';

/** The flags each kind offered before they were derived, in the order usage showed them. */
const PREVIOUS_FLAGS: Record<string, string[]> = {
  blackbox: ['source', 'url', 'size', 'count', 'seed', 'name', 'epochs', 'batch', 'lr', 'validation', 'snapshots', 'preprocessing', 'methods', 'q', 'padding-trick', 'limit', 'quick'],
  'vae-concept': ['source', 'preset', 'size', 'latent', 'count', 'epochs', 'batch', 'lr', 'attribute', 'concept-faces', 'sampled-z', 'seed', 'methods', 'explain', 'q', 'padding-trick', 'quick'],
  sweep: ['run', 'bins', 'min-bin-count', 'presets', 'limit', 'q', 'padding-trick', 'quick'],
  resnet50: ['weights', 'images', 'count', 'seed', 'class', 'preset', 'keras1-graph', 'size', 'bins', 'min-bin-count', 'methods', 'q', 'padding-trick', 'limit', 'quick'],
  'q-sweep': ['run', 'qs', 'limit', 'padding-trick', 'quick'],
  'control-arm': ['run', 'arms', 'methods', 'limit', 'q', 'padding-trick', 'quick'],
  seeds: ['run', 'seeds', 'resamples', 'bootstrap-seed', 'quick'],
  controls: ['run', 'limit', 'patch', 'stride', 'fill', 'seed', 'quick'],
  faithfulness: ['run', 'fills', 'road', 'steps', 'methods', 'limit', 'seed', 'q', 'quick'],
  randomisation: ['run', 'methods', 'limit', 'modes', 'seed', 'top-k', 'q', 'padding-trick', 'quick'],
};

/** Whether a dotted path names a field of the schema (through wrappers, preprocess and a union's members). */
function hasPath(schema: z.ZodType, path: string): boolean {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  let nodes: Json[] = [json];
  for (const key of path.split('.')) {
    nodes = nodes.flatMap((n) => [n, ...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])]).flatMap((n) => (n.properties && Object.hasOwn(n.properties, key) ? [n.properties[key]] : []));
    if (nodes.length === 0) return false;
  }
  return true;
}
interface Json {
  properties?: Record<string, Json>;
  anyOf?: Json[];
  oneOf?: Json[];
  allOf?: Json[];
}

test('every kind offers the flags it offered before its table was derived', () => {
  const kinds = experimentDefinitions().map((d) => d.info.kind).sort();
  assert.deepEqual(kinds, Object.keys(PREVIOUS_FLAGS).sort());
  for (const def of experimentDefinitions()) {
    assert.deepEqual(Object.keys(def.flags).sort(), [...PREVIOUS_FLAGS[def.info.kind]].sort(), def.info.kind);
  }
});

test("every derived flag sets fields of its kind's schema and has help", () => {
  for (const def of experimentDefinitions()) {
    for (const [name, spec] of Object.entries(def.flags)) {
      assert.ok(spec.paths.length > 0, `${def.info.kind} --${name}: no field`);
      for (const p of spec.paths) assert.ok(hasPath(def.schema, p), `${def.info.kind} --${name}: ${p} is not in the schema`);
      assert.ok(spec.help.trim().length > 0, `${def.info.kind} --${name}: no help`);
    }
  }
});

test("the help shows the schema's default, and follows it when the default changes", () => {
  const schema = (epochs: number) =>
    z.strictObject({
      train: z.strictObject({ epochs: z.int().min(1).default(epochs).describe('epochs'), batchSize: z.int().default(32).describe('batch size') }).prefault({}),
      name: z.string().optional().describe('a name'),
      mode: z.enum(['a', 'b']).default('b').describe('the mode'),
      tags: z.array(z.string()).default(['x', 'y']).describe('tags'),
      on: z.boolean().default(true).describe('switched on'),
      quick: z.boolean().default(false).describe('small'),
    });
  const flags = flagsFromSchema(schema(10), { flags: { batch: 'train.batchSize' } });
  assert.deepEqual(Object.keys(flags), ['epochs', 'batch', 'name', 'mode', 'tags', 'on', 'quick']);
  assert.equal(flags.epochs.help, 'epochs (10)');
  assert.equal(flagsFromSchema(schema(25), { flags: { batch: 'train.batchSize' } }).epochs.help, 'epochs (25)');
  assert.deepEqual(flags.batch, { paths: ['train.batchSize'], read: 'number', help: 'batch size (32)' });
  assert.deepEqual(flags.name, { paths: ['name'], read: 'text', help: 'a name' });
  assert.deepEqual(flags.mode, { paths: ['mode'], read: 'text', arg: 'a|b', help: 'the mode (b)' });
  assert.deepEqual(flags.tags, { paths: ['tags'], read: 'list', help: 'tags (x,y)' });
  assert.deepEqual(flags.on, { paths: ['on'], read: 'on-off', help: 'switched on (on)' });
  assert.deepEqual(flags.quick, { paths: ['quick'], read: 'switch', help: 'small' });
});

test('a default filled by a preprocess step shows too; the kind table can rename, merge and omit', () => {
  const schema = z.strictObject({
    data: z.preprocess((v) => (v === undefined ? { seed: 7, size: 64 } : v), z.strictObject({ seed: z.int().describe('seed of the data'), size: z.int().describe('side') })),
    train: z.strictObject({ seed: z.int().default(7).describe('seed of the training') }).prefault({}),
  });
  const flags = flagsFromSchema(schema, { flags: { seed: { paths: ['data.seed', 'train.seed'] } }, omit: ['data.size'] });
  assert.deepEqual(flags, { seed: { paths: ['data.seed', 'train.seed'], read: 'number', help: 'seed of the data; seed of the training (7)' } });
});

test('a field without a description, a name taken twice or a field the schema lacks is refused', () => {
  assert.throws(() => flagsFromSchema(z.strictObject({ epochs: z.int().default(1) })), /--epochs has no description/);
  assert.throws(() => flagsFromSchema(z.strictObject({ a: z.strictObject({ seed: z.int().describe('x') }), b: z.strictObject({ seed: z.int().describe('y') }) })), /--seed is two flags/);
  assert.throws(() => flagsFromSchema(z.strictObject({ a: z.int().describe('x') }), { flags: { b: 'nowhere' } }), /--b sets nowhere, which is not in the schema/);
  assert.throws(() => flagsFromSchema(z.strictObject({ a: z.int().describe('x') }), { omit: ['nowhere'] }), /omitted field nowhere/);
});

test("each kind's help shows the default its schema fills in (numbers and on/off)", () => {
  let seen = 0;
  for (const def of experimentDefinitions()) {
    const checked = checkExperimentConfig(def, Object.hasOwn(def.flags, 'run') ? { run: 'run-x' } : {});
    assert.ok(checked.ok, def.info.kind);
    for (const [name, spec] of Object.entries(def.flags)) {
      let v: unknown = checked.value;
      for (const key of spec.paths[0].split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
      if (spec.help.includes('the preset’s')) continue; // vae-concept: the default follows --preset, and says so
      if (typeof v === 'number' || (typeof v === 'boolean' && spec.read === 'on-off')) seen += 1;
      if (typeof v === 'number') assert.ok(spec.help.endsWith(`(${v})`), `${def.info.kind} --${name}: ${spec.help} (schema: ${v})`);
      if (typeof v === 'boolean' && spec.read === 'on-off') assert.ok(spec.help.endsWith(`(${v ? 'on' : 'off'})`), `${def.info.kind} --${name}: ${spec.help}`);
    }
  }
  assert.ok(seen > 40, `${seen} defaults checked`);
});

test('experiment KIND --help lists the flags with their help; a kind of the other command has none', () => {
  const help = kindHelp('experiment', 'blackbox')!;
  assert.match(help, /^saliency-lab experiment blackbox \[--source generated\|imagenette\|PATH\]/);
  assert.match(help, /\n {2}--epochs N +epochs \(10\)\n/);
  assert.match(help, /\n {2}--batch N +batch size \(32\)\n/);
  assert.match(kindHelp('analyse', 'seeds')!, /\n {2}--run RUN_ID +a trained black-box run\n/);
  assert.equal(kindHelp('experiment', 'seeds'), null);
  assert.equal(kindHelp('analyse', 'nothing'), null);
});
