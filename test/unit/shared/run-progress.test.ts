/**
 * A whole run's ETA over its stages (issue 21): progress counted in each stage's expected seconds, the
 * stage under way at its own ETA, the stages to come at their expected share scaled by the run's pace,
 * and the early guards of etaFromPace; the units a job's count is read in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetUnits, expectedDone, mapsUnits, trainingUnits, wholeRunEta } from '../../../src/shared/progress.ts';

// dataset 10 s, training 60 s, maps 30 s: 100 s expected in all.
const expected = [10, 60, 30];

test('expected seconds done: the stages before, and the share of the one under way', () => {
  assert.equal(expectedDone(expected, 0, 0), 0);
  assert.equal(expectedDone(expected, 1, 0.5), 40);
  assert.equal(expectedDone(expected, 2, 1), 100);
  assert.equal(expectedDone(expected, 1, 7), 70, 'a fraction past 1 counts as the stage done');
});

test('the whole run: the stage under way at its own ETA, the stages to come at the run pace', () => {
  // Half-way through training after 40 s, exactly at the expected pace: 30 s of training and 30 s of maps left.
  const onPace = wholeRunEta({ expected, stageIndex: 1, stageDone: 50, stageTotal: 100, stageEta: null, elapsedSeconds: 40 });
  assert.equal(onPace.fraction, 0.4);
  assert.equal(onPace.etaSeconds, 60);
  // Twice as slow as expected (80 s for 40 expected): training says 60 s left itself; maps take 2 × 30 s.
  const slow = wholeRunEta({ expected, stageIndex: 1, stageDone: 50, stageTotal: 100, stageEta: 60, elapsedSeconds: 80 });
  assert.equal(slow.etaSeconds, 120);
  // Not only the stage's: in the dataset stage the run's ETA counts training and maps too.
  const early = wholeRunEta({ expected, stageIndex: 0, stageDone: 5, stageTotal: 10, stageEta: 5, elapsedSeconds: 5 });
  assert.equal(early.etaSeconds, 5 + 90, 'the dataset stage ETA (5 s) and 90 expected seconds to come');
  assert.equal(wholeRunEta({ expected, stageIndex: 2, stageDone: 10, stageTotal: 10, stageEta: 0, elapsedSeconds: 90 }).etaSeconds, 0, 'done is 0 s');
});

test('an early whole-run ETA waits for a pace (not wild), and a resumed run is paced on what it did now', () => {
  assert.equal(wholeRunEta({ expected, stageIndex: 0, stageDone: 1, stageTotal: 10, stageEta: null, elapsedSeconds: 1 }).etaSeconds, null, '1 s in: start-up, not pace');
  assert.equal(wholeRunEta({ expected, stageIndex: 0, stageDone: 1, stageTotal: 1000, stageEta: null, elapsedSeconds: 5 }).etaSeconds, null, 'a hundredth of a percent done');
  // Resumed at the maps stage (dataset and training done earlier, not now): 10 s for a third of the maps is the pace.
  const resumed = wholeRunEta({ expected, stageIndex: 2, stageDone: 1, stageTotal: 3, stageEta: null, elapsedSeconds: 10, startedAt: 70 });
  assert.ok(Math.abs((resumed.etaSeconds ?? NaN) - 20) < 1e-9, `${resumed.etaSeconds}`);
  assert.equal(resumed.fraction, 0.8);
});

test('units: batches within an epoch, maps by method, images once a dataset builds them', () => {
  assert.deepEqual(trainingUnits(3, 8), { unit: 'batches', detail: 'epoch 3 / 8' });
  assert.deepEqual(mapsUnits('maps: rectgrad'), { unit: 'maps', detail: 'rectgrad' });
  assert.deepEqual(mapsUnits('concept maps: integrated-gradients'), { unit: 'maps', detail: 'integrated-gradients' });
  assert.deepEqual(mapsUnits('saliency'), { unit: 'maps' });
  assert.deepEqual(datasetUnits('building images'), { unit: 'images' });
  assert.deepEqual(datasetUnits('reading archive'), { detail: 'reading archive' });
});
