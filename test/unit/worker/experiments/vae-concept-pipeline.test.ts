/**
 * Experiment 2 on a tiny config, in-process (faces → VAE → concept → concept maps): it runs, its numbers
 * are finite, training checkpoints and resumes, and tf.memory().numTensors stays flat throughout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVaeConceptPipeline } from '../../../../src/worker/experiments/vae-concept/pipeline.ts';
import { trainVaeHandler } from '../../../../src/worker/experiments/vae-concept/train-vae.ts';
import { concept } from '../../../../src/worker/experiments/vae-concept/concept-job.ts';
import { DEFAULT_CONCEPT_JOB, DEFAULT_FACES_DATASET, DEFAULT_VAE_TRAIN_CONFIG, type VaeTrainEvent } from '../../../../src/shared/faces.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../../src/shared/saliency.ts';
import { noLeak, useBackend } from '../../../helpers/engine.ts';

test('tiny experiment 2: trains, resumes, finds a concept, explains it; finite numbers, no tensor leaks', async () => {
  await useBackend('wasm');
  const dir = mkdtempSync(join(tmpdir(), 'sbl-vae-'));
  const events: Array<VaeTrainEvent | { type: string }> = [];
  // No tensor leak across the pipeline.
  const out = await noLeak(() => runVaeConceptPipeline(
    dir,
    {
      dataset: { ...DEFAULT_FACES_DATASET, size: 32, count: 240 },
      train: { ...DEFAULT_VAE_TRAIN_CONFIG, latent: 16, epochs: 2, reconstructionCount: 4 },
      concept: { perGroup: 20, traversalCount: 2, alphas: [0, 1] },
      methods: ['rectgrad', 'nobias-rectgrad', 'gradient'],
      // At 32² the 'same' conv4 has a 2×2 output that the padding trick would zero whole.
      options: { ...DEFAULT_SALIENCY_OPTIONS, paddingTrick: false },
      mapsPerGroup: 3,
    },
    (e) => events.push(e),
  ));

  const epochs = events.filter((e): e is Extract<VaeTrainEvent, { type: 'epoch' }> => e.type === 'epoch');
  assert.deepEqual(epochs.map((e) => e.epoch), [1, 2]);
  for (const e of epochs) {
    assert.ok(Number.isFinite(e.reconstructionLoss) && Number.isFinite(e.kl) && e.kl >= 0, JSON.stringify(e));
    assert.equal(readFileSync(join(dir, 'run', e.reconstructionsFile)).length, 4 * 32 * 32 * 3);
  }
  assert.ok(events.some((e) => e.type === 'batch'));
  assert.ok(out.train.testReconstructionLoss > 0 && out.train.testReconstructionLoss < 0.8, `test BCE ${out.train.testReconstructionLoss}`);
  assert.equal(readFileSync(join(dir, 'run', out.train.originalsFile)).length, 4 * 32 * 32 * 3);

  assert.equal(out.concept.vector.length, 16);
  assert.ok(out.concept.vector.every(Number.isFinite));
  assert.ok(out.concept.auroc >= 0 && out.concept.auroc <= 1, `AUROC ${out.concept.auroc}`);
  // Per glasses style: the test faces' styles line up with their scores, and each style's AUROC is a number or null.
  assert.equal(out.concept.testStyles?.length, out.concept.testScores.length);
  out.concept.testStyles!.forEach((st, k) => assert.equal(st !== 'none', out.concept.testLabels[k] === 1, `face ${k}: ${st} glasses, label ${out.concept.testLabels[k]}`));
  for (const v of Object.values(out.concept.aurocByStyle!)) assert.ok(v === null || (v >= 0 && v <= 1), String(v));
  assert.equal(out.concept.traversal.pixels.length, 2 * 2 * 32 * 32 * 3);
  assert.ok(existsSync(join(dir, 'run', 'concept.json')));

  const maps = out.maps;
  assert.deepEqual([...new Set(maps.groups)], ['dark', 'clear', 'none']);
  assert.equal(maps.inputMean.length, maps.indices.length * 32 * 32);
  for (const m of maps.methods) {
    assert.equal(m.saliencySum.length, maps.inputMean.length);
    for (const r of m.perImage) {
      assert.ok(Number.isFinite(r.eyeRegionShare) && Number.isFinite(r.darkSuppressionRatio) && Number.isFinite(r.intensitySpearman), `${m.method} ${JSON.stringify(r)}`);
      if (r.group === 'dark') assert.ok(Number.isFinite(r.zeroFractionAtZeroInput));
    }
  }
  const rect = maps.methods.find((m) => m.method === 'rectgrad')!;
  for (const r of rect.perImage.filter((p) => p.group === 'dark')) assert.equal(r.zeroFractionAtZeroInput, 1);
  assert.equal(maps.comparisons[0]?.metric, 'eyeRegionShareDark');

  // Resume: one more epoch from the checkpoint of epoch 2, with no tensor leak either.
  const more = await noLeak(() => trainVaeHandler(
    { datasetDir: join(dir, 'dataset'), runDir: join(dir, 'run'), config: { ...DEFAULT_VAE_TRAIN_CONFIG, latent: 16, epochs: 3, reconstructionCount: 4 }, resume: true },
    () => {},
    () => false,
  ));
  assert.equal(more.resumedFrom, 2);
  assert.equal(more.epochsDone, 3);
});

test('concept step: an unknown attribute and an attribute too rare for N fail with one line naming the option', async () => {
  await useBackend('wasm');
  const dir = mkdtempSync(join(tmpdir(), 'sbl-vae-bad-'));
  const { buildFaces } = await import('../../../../src/worker/experiments/vae-concept/build-faces.ts');
  await buildFaces({ config: { ...DEFAULT_FACES_DATASET, size: 32, count: 40 }, stagingDir: dir }, () => {}, () => false);
  const job = { ...DEFAULT_CONCEPT_JOB, datasetDir: dir, runDir: dir };
  await noLeak(async () => {
    await assert.rejects(concept({ ...job, attribute: 'Sunglasses' }, () => {}, () => false), /attribute "Sunglasses" is not in this dataset/);
    await assert.rejects(concept({ ...job, perGroup: 500 }, () => {}, () => false), /attribute "Eyeglasses": \d+ training faces have it and \d+ lack it; perGroup = 500/);
  });
});
