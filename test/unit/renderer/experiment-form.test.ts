/**
 * The experiment form built from a kind's JSON Schema: fields by group with their kinds, defaults and
 * bounds (from the real vae-concept schema as the host lists it, and from a hand-written table of the
 * shapes the form knows), what the form sends (only what changed, quick on top), and its problems.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentInfos } from '../../../src/main/host/experiments/registry.ts';
import type { JsonSchema } from '../../../src/shared/experiments/index.ts';
import { boundsText, buildConfig, fieldProblem, formGroups, parseNumbersText, shownValue, type FormField } from '../../../src/renderer/experiment-form.ts';
import { SALIENCY_METHOD_IDS } from '../../../src/shared/saliency.ts';

const vae = experimentInfos().find((i) => i.kind === 'vae-concept')!;
const field = (groups: ReturnType<typeof formGroups>, path: string): FormField => {
  const f = groups.flatMap((g) => g.fields).find((x) => x.path === path);
  assert.ok(f, `no field ${path}`);
  return f;
};

test('the host lists every kind with a JSON Schema and its quick preset', () => {
  for (const info of experimentInfos()) {
    assert.equal(info.configSchema?.type, 'object', info.kind);
    assert.ok(info.quickPreset, info.kind);
  }
});

test('vae-concept: groups, kinds, defaults (also those a preprocess step fills) and bounds', () => {
  const groups = formGroups(vae.configSchema);
  assert.deepEqual(groups.map((g) => g.name), ['dataset', 'train', 'concept', 'maps']);
  const rows: Array<[string, FormField['kind'], unknown, number | undefined, number | undefined]> = [
    ['dataset.size', 'integer', 64, 32, 256],
    ['dataset.count', 'integer', 10000, 4, 300000],
    ['dataset.testFraction', 'number', 0.2, 0.05, 0.5],
    ['train.epochs', 'integer', 3, 1, 1000],
    ['train.learningRate', 'number', 0.003, 0, 1],
    ['train.klWeight', 'number', 0.0005, 0, 1],
    ['concept.perGroup', 'integer', 500, 1, 100000],
    ['maps.perGroup', 'integer', 20, 1, 1000],
    ['maps.options.q', 'number', 98, 0, 100],
  ];
  for (const [path, kind, def, lo, hi] of rows) {
    const f = field(groups, path);
    assert.deepEqual([f.kind, f.default, f.minimum, f.maximum], [kind, def, lo, hi], path);
  }
  assert.equal(boundsText(field(groups, 'train.learningRate')), '(0, 1)', 'open bounds say so');
  assert.equal(boundsText(field(groups, 'train.epochs')), '[1, 1000]');
  assert.equal(boundsText(field(groups, 'dataset.count')), '[4, 300000]', 'integer bounds exact, not rounded');
  assert.equal(boundsText(field(groups, 'train.seed')), 'any 32-bit integer');
  assert.equal(field(groups, 'train.seed').minimum, -2147483648, 'the check still uses the bounds');
  const paths = groups.flatMap((g) => g.fields.map((f) => f.path));
  assert.ok(!paths.includes('dataset.attribute') && !paths.includes('dataset.perGroup'), 'the concept’s attribute and group size are typed once (the schema copies them to the dataset)');
  assert.ok(paths.includes('concept.attribute') && paths.includes('concept.perGroup'));
  const preset = field(groups, 'train.preset');
  assert.deepEqual([preset.kind, preset.options, preset.default], ['enum', ['cpu', 'reference'], 'cpu']);
  const methods = field(groups, 'maps.methods');
  assert.deepEqual([methods.kind, methods.options, methods.minItems], ['multi', [...SALIENCY_METHOD_IDS], 1]);
  assert.deepEqual(methods.default, [...SALIENCY_METHOD_IDS]);
  assert.equal(field(groups, 'maps.options.paddingTrick').kind, 'boolean');
  assert.equal(field(groups, 'maps.options.paddingTrick').default, true);
  assert.equal(field(groups, 'concept.alphas').kind, 'numbers');
  const source = field(groups, 'dataset.source');
  assert.equal(source.kind, 'variant');
  assert.deepEqual(source.variants, [{ value: 'generated', extra: [] }, { value: 'celeba', extra: [{ key: 'path', required: true, maxLength: 4096 }] }]);
  assert.deepEqual(source.default, { kind: 'generated' });
  assert.equal(field(groups, 'dataset.name').label, 'name');
  assert.equal(field(groups, 'maps.options.q').label, 'options › q');
  assert.ok(!groups.flatMap((g) => g.fields).some((f) => f.path === 'quick'), 'quick is the launcher’s toggle, not a field');
});

test('shapes the form knows, from a hand-written schema (general group, exclusive bounds, int-or-name, constants)', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      run: { type: 'string', pattern: '^[a-z]+$' },
      bins: { type: 'integer', minimum: 2, maximum: 256, default: 11 },
      presets: { type: 'array', items: { type: 'string', enum: ['unit', 'paper'] }, default: [] },
      class: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string' }] },
      train: { type: 'object', properties: { model: { type: 'string', const: 'blackbox-cnn' }, rate: { type: 'number', exclusiveMinimum: 0, maximum: 1 } } },
      quick: { type: 'boolean', default: false },
    },
    required: ['run'],
  };
  const groups = formGroups(schema);
  assert.deepEqual(groups.map((g) => [g.name, g.fields.map((f) => `${f.path}:${f.kind}`)]), [
    ['general', ['run:string', 'bins:integer', 'presets:multi', 'class:string']],
    ['train', ['train.rate:number']],
  ]);
  assert.equal(field(groups, 'run').required, true);
  assert.equal(field(groups, 'class').numericToo, true);
  assert.equal(boundsText(field(groups, 'train.rate')), '(0, 1]');
  assert.equal(fieldProblem(field(groups, 'run'), undefined), 'required');
  assert.equal(fieldProblem(field(groups, 'train.rate'), 0), 'must be in (0, 1]');
  assert.equal(fieldProblem(field(groups, 'train.rate'), 1), null);
  assert.deepEqual(formGroups(undefined), []);
});

test('problems in a few words: bounds, whole numbers, lists, variants', () => {
  const groups = formGroups(vae.configSchema);
  assert.equal(fieldProblem(field(groups, 'train.epochs'), 0), 'must be in [1, 1000]');
  assert.equal(fieldProblem(field(groups, 'train.epochs'), 2.5), 'must be a whole number');
  assert.equal(fieldProblem(field(groups, 'train.epochs'), Number.NaN), 'not a number');
  assert.equal(fieldProblem(field(groups, 'train.epochs'), 3), null);
  assert.equal(fieldProblem(field(groups, 'maps.methods'), []), 'pick at least 1');
  assert.equal(fieldProblem(field(groups, 'concept.alphas'), [1, 500]), '500: must be in [-100, 100]');
  assert.equal(fieldProblem(field(groups, 'dataset.source'), { kind: 'celeba' }), 'path is required');
  assert.equal(fieldProblem(field(groups, 'dataset.source'), { kind: 'celeba', path: '/data/celeba' }), null);
  assert.deepEqual(parseNumbersText('-1, 0  0.5;2'), [-1, 0, 0.5, 2]);
  assert.equal(parseNumbersText('  '), undefined);
});

test('shown values: the edit, else the quick preset when Quick is on, else the default; only edits are sent', () => {
  const groups = formGroups(vae.configSchema);
  const count = field(groups, 'dataset.count');
  assert.deepEqual(shownValue(count, {}, false, vae.quickPreset), { value: 10000, from: 'default' });
  assert.deepEqual(shownValue(count, {}, true, vae.quickPreset), { value: 2000, from: 'quick' });
  assert.deepEqual(shownValue(count, { 'dataset.count': 240 }, true, vae.quickPreset), { value: 240, from: 'edit' });
  const edits = { 'dataset.size': 32, 'dataset.count': 240, 'maps.methods': ['rectgrad', 'nobias-rectgrad'], 'maps.options.paddingTrick': false };
  assert.deepEqual(buildConfig(edits, true), { dataset: { size: 32, count: 240 }, maps: { methods: ['rectgrad', 'nobias-rectgrad'], options: { paddingTrick: false } }, quick: true });
  assert.deepEqual(buildConfig({}, false), {});
});
