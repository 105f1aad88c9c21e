/**
 * One kind = one folder (issue 17): the app reaches every kind's results through experimentView, each
 * view declared by its kind with its own params schema (src/shared/experiments/<kind>.ts). A bad param is
 * refused by that schema before the view reads anything, in one line `experimentView KIND VIEW: field: problem`;
 * an unknown view names the ones the kind has.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentDefinition, readExperimentView } from '../../../../../src/main/host/experiments/registry.ts';
import type { HostContext } from '../../../../../src/main/host/host-context.ts';
import { LabError } from '../../../../../src/shared/result.ts';
import { BlackboxViewParams } from '../../../../../src/shared/experiments/blackbox.ts';
import { VaeConceptViewParams } from '../../../../../src/shared/experiments/vae-concept.ts';
import { Resnet50ViewParams } from '../../../../../src/shared/experiments/resnet50.ts';
import { SweepViewParams } from '../../../../../src/shared/experiments/sweep.ts';
import type { ExperimentKind } from '../../../../../src/shared/experiments/index.ts';

/** The params are checked before the view touches the host: a host that is never used. */
const noHost = new Proxy({}, { get: () => assert.fail('the view read the host before its params were checked') }) as HostContext;

const METHOD = 'expected one of gradient, gradient-x-input, guided-backprop, rectgrad, nobias-rectgrad, integrated-gradients, smoothgrad';

/** [kind, view, params, the exact one-line message]. */
const BAD: Array<[ExperimentKind, string, unknown, string]> = [
  ['vae-concept', 'faces', { datasetId: '../faces' }, 'experimentView vae-concept faces: datasetId: expected an id (lower-case letters, digits and dashes), got "../faces"'],
  ['vae-concept', 'faces', {}, 'experimentView vae-concept faces: datasetId: expected an id, got nothing'],
  ['vae-concept', 'run', { runId: 3 }, 'experimentView vae-concept run: runId: expected an id, got 3'],
  ['vae-concept', 'reconstructions', { runId: 'run-1', epoch: 0 }, 'experimentView vae-concept reconstructions: epoch: expected an integer in [1, 100000], got 0'],
  ['vae-concept', 'reconstructions', { runId: 'run-1', epoch: '2' }, 'experimentView vae-concept reconstructions: epoch: expected an integer in [1, 100000], got "2"'],
  ['vae-concept', 'reconstructions', { runId: 'run-1' }, 'experimentView vae-concept reconstructions: epoch: expected an integer in [1, 100000], got nothing'],
  ['vae-concept', 'map', { runId: 'run-1', method: 'magic', index: 0 }, `experimentView vae-concept map: method: ${METHOD}, got "magic"`],
  ['vae-concept', 'map', { runId: 'run-1', method: 'rectgrad', index: 1.5 }, 'experimentView vae-concept map: index: expected an integer in [0, 2147483647], got 1.5'],
  ['vae-concept', 'map', { runId: 'RUN', method: 'rectgrad', index: 0 }, 'experimentView vae-concept map: runId: expected an id (lower-case letters, digits and dashes), got "RUN"'],
  ['vae-concept', 'map', { runId: 'run-1', method: 'rectgrad', index: 0, sneaky: 1 }, 'experimentView vae-concept map: sneaky: unknown field'],
  ['resnet50', 'run', { runId: '../runs' }, 'experimentView resnet50 run: runId: expected an id (lower-case letters, digits and dashes), got "../runs"'],
  ['resnet50', 'run', {}, 'experimentView resnet50 run: runId: expected an id, got nothing'],
  ['resnet50', 'map', { runId: 'run-1', method: 'input', index: 0 }, `experimentView resnet50 map: method: ${METHOD}, got "input"`],
  ['resnet50', 'map', { runId: 'run-1', method: 'rectgrad', index: -2 }, 'experimentView resnet50 map: index: expected an integer in [0, 2147483647], got -2'],
  ['resnet50', 'map', { runId: 'run-1', method: 'rectgrad' }, 'experimentView resnet50 map: index: expected an integer in [0, 2147483647], got nothing'],
  ['resnet50', 'input', { runId: 'run-1', index: 0.5 }, 'experimentView resnet50 input: index: expected an integer in [0, 2147483647], got 0.5'],
  ['resnet50', 'input', { runId: 7, index: 0 }, 'experimentView resnet50 input: runId: expected an id, got 7'],
  ['sweep', 'result', { runId: null }, 'experimentView sweep result: runId: expected an id, got null'],
  ['sweep', 'result', { runId: 'run-1', epoch: 2 }, 'experimentView sweep result: epoch: unknown field'],
  ['blackbox', 'snapshot', { runId: 'run-1', epoch: 'x' }, 'experimentView blackbox snapshot: epoch: expected an integer in [1, 100000], got "x"'],
  ['blackbox', 'cards', { runId: '' }, 'experimentView blackbox cards: runId: expected an id (lower-case letters, digits and dashes), got ""'],
  // Issue 21's "Explain this": any image, the methods bounded by those there are.
  ['blackbox', 'map', { runId: 'run-1', method: 'rectgrad', index: '0' }, 'experimentView blackbox map: index: expected an integer in [0, 2147483647], got "0"'],
  ['blackbox', 'map', { runId: 'run-1', method: 'magic', index: 0 }, `experimentView blackbox map: method: ${METHOD}, got "magic"`],
  ['blackbox', 'map', { runId: 'run-1', method: 'rectgrad', index: -1 }, 'experimentView blackbox map: index: expected an integer in [0, 2147483647], got -1'],
  ['blackbox', 'explain', { runId: 'run-1' }, 'experimentView blackbox explain: index: expected an integer in [0, 2147483647], got nothing'],
  ['blackbox', 'explain', { runId: 'run-1', index: 0, methods: ['magic'] }, `experimentView blackbox explain: methods[0]: ${METHOD}, got "magic"`],
  ['blackbox', 'explain', { runId: 'run-1', index: 0, methods: Array(8).fill('gradient') }, 'experimentView blackbox explain: methods: expected at most 7 items, got 8'],
  ['blackbox', 'explain', { runId: 'run-1', index: 0, methods: [] }, 'experimentView blackbox explain: methods: expected at least 1 item, got 0'],
  ['blackbox', 'explain', { runId: 'run-1', index: 0, options: { q: 101 } }, 'experimentView blackbox explain: options.q: expected a number in [0, 100], got 101'],
  ['q-sweep', 'result', {}, 'experimentView q-sweep result: runId: expected an id, got nothing'],
  // views that are not there name the ones that are
  ['vae-concept', 'maps', { runId: 'run-1' }, 'experimentView: vae-concept has no view "maps" (it has faces, run, reconstructions, map)'],
  ['resnet50', 'result', { runId: 'run-1' }, 'experimentView: resnet50 has no view "result" (it has run, map, input)'],
  ['sweep', 'run', { runId: 'run-1' }, 'experimentView: sweep has no view "run" (it has result)'],
];

test('a bad view param is refused by the view’s own schema in one line, before anything is read', async () => {
  for (const [kind, view, params, message] of BAD) {
    await assert.rejects(readExperimentView(noHost, kind, view, params), (e: unknown) => {
      assert.ok(e instanceof LabError, `${kind} ${view}: ${String(e)}`);
      assert.equal(e.kind, 'bad-input');
      assert.equal(e.message, message);
      assert.ok(!e.message.includes('\n'), 'one line');
      return true;
    });
  }
});

test('each kind declares its views with the params schemas of its shared file', () => {
  const declared: Array<[ExperimentKind, Record<string, unknown>]> = [
    ['blackbox', BlackboxViewParams],
    ['vae-concept', VaeConceptViewParams],
    ['resnet50', Resnet50ViewParams],
    ['sweep', SweepViewParams],
  ];
  for (const [kind, params] of declared) {
    const views = experimentDefinition(kind)?.views ?? {};
    assert.deepEqual(Object.keys(views), Object.keys(params), kind);
    for (const [name, v] of Object.entries(views)) assert.equal(v.params, params[name], `${kind} ${name}`);
  }
});
