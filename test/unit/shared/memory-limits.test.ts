/**
 * Issue 16, limits: the largest configs the schemas accepted failed inside the worker ("Invalid typed
 * array length") or ran for minutes before a cancel; now the schema refuses them with the arithmetic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FacesDatasetConfigSchema } from '../../../src/shared/experiments/vae-concept.ts';
import { Resnet50ExperimentConfigSchema } from '../../../src/shared/experiments/resnet50.ts';
import { BlackboxDatasetConfigSchema } from '../../../src/shared/schemas/dataset.ts';
import { generatedImages } from '../../../src/worker/models/model-images.ts';

const problem = (r: { success: boolean; error?: { issues: Array<{ message: string; path: PropertyKey[] }> } }) => (r.success ? null : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

test('the largest faces dataset the fields allow is refused in numbers; the largest that fits is accepted', () => {
  const base = { source: { kind: 'generated' }, seed: 1, testFraction: 0.2 };
  assert.equal(problem(FacesDatasetConfigSchema.safeParse({ ...base, size: 256, count: 300_000 })), 'count: 300000 faces of 256² pixels need 73.2 GiB at once, more than the 2.0 GiB a run may hold; at most 8192 at this size, or use smaller images');
  assert.equal(problem(FacesDatasetConfigSchema.safeParse({ ...base, size: 256, count: 8192 })), null);
  assert.equal(problem(FacesDatasetConfigSchema.safeParse({ ...base, size: 64, count: 10_000 })), null);
});

test('the largest ResNet50 config is refused in numbers; a folder is counted when read', () => {
  assert.equal(problem(Resnet50ExperimentConfigSchema.safeParse({ count: 256, size: 1024 })), 'count: 256 images of 1024² pixels need 3.0 GiB at once, more than the 1.0 GiB a run may hold; at most 85 at this size, or use smaller images');
  assert.equal(problem(Resnet50ExperimentConfigSchema.safeParse({ count: 256, size: 224 })), null);
  assert.equal(problem(Resnet50ExperimentConfigSchema.safeParse({ images: '/some/folder', count: 256, size: 1024 })), null);
  assert.throws(() => generatedImages(256, 1024, 1), /256 images of 1024² pixels need 3\.0 GiB/);
});

test('generating images sees a cancel between images', () => {
  let calls = 0;
  assert.throws(() => generatedImages(4, 64, 1, () => ++calls > 2), /generating images cancelled after 2 of 4/);
});

test('the black-box dataset limit keeps its numbers', () => {
  const base = { source: { kind: 'generated' }, seed: 1, boxMinFraction: 0.1, boxMaxFraction: 0.2 };
  assert.match(problem(BlackboxDatasetConfigSchema.safeParse({ ...base, size: 512, count: 100_000 }))!, /^count: 100000 images of 512² pixels need 73\.2 GiB at once/);
});
