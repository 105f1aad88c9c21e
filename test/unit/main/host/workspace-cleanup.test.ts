/**
 * Issue 16, leftovers: what a killed writer leaves behind is removed when a workspace is opened — in every
 * folder a writer uses (a killed `model import` leaves models/<id>.staging-PID) — and what a live writer
 * holds is kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanTransientFiles } from '../../../../src/main/host/workspace-cleanup.ts';

/** A pid that is not running here: the largest allowed is far above any live one on a test machine. */
const DEAD_PID = 4_194_000;

test('staging folders of dead writers go from models/, datasets/, runs/ and batches/; live ones stay', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sbl-clean-'));
  const dead = ['models', 'datasets', 'runs', 'batches'].map((top) => join(root, top, `x1.staging-${DEAD_PID}`));
  const live = join(root, 'models', `x2.staging-${process.pid}`);
  const kept = join(root, 'models', 'keras-resnet50');
  for (const d of [...dead, live, kept]) {
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'weights.bin'), 'w');
  }
  const removed = await cleanTransientFiles(root);
  assert.deepEqual(removed.sort(), [...dead].sort());
  for (const d of dead) assert.equal(existsSync(d), false, d);
  assert.ok(existsSync(live) && existsSync(kept));
});
