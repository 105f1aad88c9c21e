/**
 * The experiments' progress on their job (issue 21): each report carries the stage's units and, for a kind
 * with expected stage durations, the whole run's share and ETA. The run's clock starts at its first counted
 * progress (starting the engine is not the run's pace).
 */
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { stageReporter } from '../../../../../src/main/host/experiments/experiment-definition.ts';
import { blackboxExperiment } from '../../../../../src/main/host/experiments/blackbox/definition.ts';
import { checkExperimentConfig } from '../../../../../src/main/host/experiments/experiment-definition.ts';
import type { ExperimentInfo, ExperimentProgress } from '../../../../../src/shared/experiments/index.ts';
import { trainingUnits } from '../../../../../src/shared/progress.ts';

const info = { kind: 'blackbox', title: 't', summary: 's', stages: ['dataset', 'training', 'maps'] } as unknown as ExperimentInfo;

test('whole-run progress and ETA from the stages expected shares; units of the count', () => {
  mock.timers.enable({ apis: ['Date'], now: 0 });
  try {
    const seen: ExperimentProgress[] = [];
    const stage = stageReporter(info, { onProgress: (p) => seen.push(p) }, { dataset: 10, training: 60, maps: 30 });
    stage.stage(0);
    mock.timers.tick(4000); // the engine starting: not counted
    stage.update(1, 10);
    assert.equal(seen.at(-1)?.run?.etaSeconds, null, 'no pace yet');
    mock.timers.tick(9000); // the rest of the dataset at its expected pace (1 s an image)
    stage.update(10, 10);
    stage.stage(1);
    mock.timers.tick(30_000);
    stage.update(50, 100, 30, trainingUnits(2, 4));
    const p = seen.at(-1)!;
    assert.equal(p.stage, 'training');
    assert.equal(p.unit, 'batches');
    assert.equal(p.detail, 'epoch 2 / 4');
    assert.ok(p.run !== undefined && Math.abs(p.run.fraction - 0.4) < 1e-9, `run fraction ${p.run?.fraction}`);
    // 39 s for 39 expected seconds: training's own 30 s, then the maps' 30 s at that pace.
    assert.ok(p.run.etaSeconds !== null && Math.abs(p.run.etaSeconds - 60) < 0.01, `run ETA ${p.run.etaSeconds}`);
    assert.equal(p.etaSeconds, 30, 'the stage keeps its own ETA');
  } finally {
    mock.timers.reset();
  }
});

test('a kind without expected stage durations reports the stage alone', () => {
  const seen: ExperimentProgress[] = [];
  const stage = stageReporter(info, { onProgress: (p) => seen.push(p) });
  stage.stage(2);
  stage.update(3, 10);
  assert.equal(seen.at(-1)?.run, undefined);
});

test('the black-box kind has an expected share for every stage, adding up to its expected duration and the report', () => {
  const config = checkExperimentConfig(blackboxExperiment, {});
  assert.ok(config.ok);
  const stages = blackboxExperiment.expectedStageSeconds!(config.value);
  assert.deepEqual(Object.keys(stages), [...blackboxExperiment.info.stages]);
  const sum = Object.values(stages).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - blackboxExperiment.expectedSeconds!(config.value) - stages.report) < 1e-9);
  assert.ok(Object.values(stages).every((v) => v > 0), JSON.stringify(stages));
});
