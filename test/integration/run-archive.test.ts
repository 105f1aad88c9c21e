/**
 * A run as one archive (issue 21): exported from one workspace with its dataset, imported into another,
 * it lists and reports there as it did at home; an archive that reaches outside runs/ and datasets/,
 * one without a manifest, and one whose run is already there are refused whole, nothing written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { describeRun, runCli } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-archive-'));

test('export then import into a fresh workspace: the run, its dataset and its maps arrive; the report builds there', async () => {
  const home = await copyTrainedWorkspace(join(root, 'home'));
  const archive = join(root, 'run.tgz');
  const out = await runCli(['archive', 'export', '--run', home.quickRunId, '--out', archive, '--workspace', home.workspace, '--json']);
  assert.equal(out.code, 0, describeRun(out));
  const exported = JSON.parse(out.stdout);
  assert.deepEqual(exported.runs, [home.quickRunId]);
  assert.deepEqual(exported.datasets, [home.datasetId]);
  assert.ok(exported.bytes > 0 && existsSync(archive));

  const away = join(root, 'away');
  const imp = await runCli(['archive', 'import', archive, '--workspace', away, '--json']);
  assert.equal(imp.code, 0, describeRun(imp));
  assert.deepEqual(JSON.parse(imp.stdout), { runs: [home.quickRunId], datasets: [home.datasetId], keptDatasets: [] });
  const at = (ws: string, ...p: string[]) => join(ws, 'runs', home.quickRunId, ...p);
  assert.deepEqual(readFileSync(at(away, 'saliency', 'rectgrad.npy')), readFileSync(at(home.workspace, 'saliency', 'rectgrad.npy')));
  assert.ok(!readdirSync(at(away)).some((n) => n.endsWith('.lock')), 'no lock files travel');
  const list = await runCli(['list', '--workspace', away, '--json']);
  assert.match(list.stdout, new RegExp(home.quickRunId));
  const report = await runCli(['report', '--run', home.quickRunId, '--workspace', away, '--json']);
  assert.equal(report.code, 0, describeRun(report));

  // Again into the same workspace: the run is there already; refused, nothing replaced.
  const again = await runCli(['archive', 'import', archive, '--workspace', away]);
  assert.equal(again.code, 2);
  assert.equal(again.stderr, `error: ${archive}: run ${home.quickRunId} is already in ${away}; nothing imported (delete it there first, or import into another workspace)\n`);
});

test('an archive that is not a run archive is refused whole, in one line, and leaves nothing behind', async () => {
  const src = join(root, 'evil');
  mkdirSync(join(src, 'runs', 'run-x'), { recursive: true });
  writeFileSync(join(src, 'runs', 'run-x', 'manifest.json'), '{}');
  writeFileSync(join(src, 'notes.txt'), 'hi');
  const evil = join(root, 'evil.tgz');
  await create({ gzip: true, cwd: src, file: evil, portable: true }, ['runs', 'notes.txt']);
  const ws = join(root, 'victim');
  const r = await runCli(['archive', 'import', evil, '--workspace', ws]);
  assert.equal(r.code, 2, describeRun(r));
  assert.equal(r.stderr, `error: ${evil}: entry "notes.txt" is not part of a run archive (only runs/<id>/… and datasets/<id>/…); nothing imported\n`);
  assert.deepEqual(readdirSync(join(ws, 'runs')), []);
  assert.ok(!readdirSync(ws).some((n) => n.startsWith('.import')), 'the staging folder is gone');

  const bad = join(root, 'bad.tgz');
  await create({ gzip: true, cwd: src, file: bad, portable: true }, ['runs']);
  const r2 = await runCli(['archive', 'import', bad, '--workspace', ws]);
  assert.equal(r2.code, 2, describeRun(r2));
  assert.equal(r2.stderr, `error: ${bad}: runs/run-x/manifest.json: the run manifest is corrupt (id, datasetId or createdAt missing); nothing imported\n`);
  assert.deepEqual(readdirSync(join(ws, 'runs')), []);

  const missing = await runCli(['archive', 'import', join(root, 'nope.tgz'), '--workspace', ws]);
  assert.equal(missing.code, 2, describeRun(missing));
  assert.equal(missing.stderr.split('\n').length, 2, missing.stderr);
});
