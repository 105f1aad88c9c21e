/** The runs list groups each analysis' child runs under their run (issue 18: "the runs view groups a seed set"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupRuns } from '../../../src/renderer/run-groups.ts';
import type { RunManifest } from '../../../src/shared/run.ts';

const run = (id: string, analysisOf?: RunManifest['analysisOf']) => ({ id, analysisOf }) as RunManifest;

test('children follow their run, grouped by analysis and in key order (seed 10 after seed 2); orphans stay where they were', () => {
  const list = [run('c'), run('s10', { runId: 'p', analysis: 'seeds', key: '10' }), run('a', { runId: 'p', analysis: 'control-arm', key: 'invert' }), run('p'), run('s2', { runId: 'p', analysis: 'seeds', key: '2' }), run('o', { runId: 'gone', analysis: 'seeds', key: '3' })];
  const rows = groupRuns(list);
  assert.deepEqual(rows.map((r) => r.run.id), ['c', 'p', 'a', 's2', 's10', 'o']);
  assert.deepEqual(rows.map((r) => r.childOf), [null, null, 'control-arm invert', 'seed 2', 'seed 10', null]);
});
