/**
 * `model list` on a damaged cache: a model folder whose manifest is cut, wrong or points outside, or whose
 * weights are gone, is listed as broken with one line naming the file (not hidden, not used); good models
 * around it stay listed and found.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import type { ModelManifest } from '../../../../../src/shared/models.ts';
import type { LabHost } from '../../../../../src/main/host/lab-host.ts';
import { ModelStore } from '../../../../../src/main/host/models/model-store.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-model-list-'));
const store = new ModelStore({ workspace: { root } } as unknown as LabHost);

function manifest(id: string, over: Partial<ModelManifest> = {}): ModelManifest {
  return { id, name: `net ${id}`, kind: 'keras-h5', createdAt: `2026-11-0${id.length % 9}T10:00:00.000Z`, source: '/data/w.h5', entry: 'weights.h5', files: ['weights.h5'], inputSize: [224, 224, 3], preprocessing: 'caffe', classNames: 'imagenet', outputCount: 1000, architecture: 'ResNet50', notes: [], ...over };
}

function put(id: string, text: string | null, weights = true): void {
  mkdirSync(join(store.dir, id), { recursive: true });
  if (text !== null) writeFileSync(join(store.dir, id, 'manifest.json'), text);
  if (weights) writeFileSync(join(store.dir, id, 'weights.h5'), 'x');
}

put('model-good', JSON.stringify(manifest('model-good')));
put('model-cut', JSON.stringify(manifest('model-cut')).slice(0, 40));
put('model-noweights', JSON.stringify(manifest('model-noweights')), false);
put('model-moved', JSON.stringify(manifest('model-elsewhere')));
put('model-escape', JSON.stringify(manifest('model-escape', { entry: '../model-good/weights.h5' })));
put('model-badsize', JSON.stringify(manifest('model-badsize', { inputSize: [224, 224] as unknown as [number, number, number] })));
put('model-nomanifest', null);
put('model-x.staging-123', JSON.stringify(manifest('model-x')));
writeFileSync(join(store.dir, 'stray.txt'), 'not a model');

test('every model folder is listed; the damaged ones as broken with one line naming the file', async () => {
  const byId = new Map((await store.list()).map((m) => [m.id, m]));
  assert.deepEqual([...byId.keys()].sort(), ['model-badsize', 'model-cut', 'model-escape', 'model-good', 'model-moved', 'model-nomanifest', 'model-noweights']);
  assert.equal(byId.get('model-good')!.broken, undefined);
  const problem = (id: string) => byId.get(id)!.broken ?? '';
  assert.match(problem('model-cut'), /model-cut\/manifest\.json: the model manifest is corrupt \(truncated or not valid JSON\)$/);
  assert.match(problem('model-noweights'), /model-noweights\/weights\.h5: the model's weights\.h5 is missing$/);
  assert.match(problem('model-moved'), /its id is "model-elsewhere", the folder's "model-moved"/);
  assert.match(problem('model-escape'), /no entry file name/);
  assert.match(problem('model-badsize'), /inputSize is not \[H, W, C\]/);
  assert.match(problem('model-nomanifest'), /model-nomanifest\/manifest\.json: the model manifest is missing$/);
  for (const m of byId.values()) assert.ok(!m.broken?.includes('\n'), `${m.id}: one line`);
});

test('find uses good models only, by id or name', async () => {
  assert.equal((await store.find('model-good'))?.id, 'model-good');
  assert.equal((await store.find('net model-good'))?.id, 'model-good');
  assert.equal((await store.find('model-cut')), undefined);
  assert.equal((await store.find('model-noweights')), undefined);
});
