/**
 * What the analyses of a black-box run (issue 18) need of it: a refusal in one line when the run cannot
 * be analysed, and the parts of a maps job that come from the run (its data, split and preprocessing),
 * so each analysis explains exactly the test images the run's own maps did.
 */
import { LabError } from '../../../../shared/result.ts';
import { type RunManifest, isClassifierConfig, runPreprocessing } from '../../../../shared/run.ts';
import type { MapsJob } from '../../../../shared/experiments/blackbox.ts';
import type { HostContext } from '../../host-context.ts';

/** Throws `--run: …` unless the run is a black-box classifier with a trained checkpoint. */
export function requireTrainedBlackboxRun(run: RunManifest, what: string): void {
  if (!isClassifierConfig(run.config)) throw new LabError('bad-input', `--run: run "${run.id}" trained a ${run.config.model}, not the black-box classifier ${what} explains`);
  if (run.checkpointEpoch < 1) throw new LabError('bad-input', `--run: run "${run.id}" has no trained checkpoint yet (status ${run.status})`);
}

/** What any worker job on the run's explained images needs of the run: its data, split and preprocessing. */
export type RunImagesJob = Required<Pick<MapsJob, 'datasetDir' | 'datasetSize' | 'runDir' | 'testFraction' | 'seed' | 'preprocessing'>>;

/** The run's own test images with a box, under its own preprocessing (each analysis adds what it computes). */
export async function runImagesJob(host: HostContext, run: RunManifest): Promise<RunImagesJob> {
  if (!isClassifierConfig(run.config)) throw new LabError('bad-input', `run "${run.id}" is not a black-box classifier run`);
  const dataset = await host.workspace.readDataset(run.datasetId);
  return {
    datasetDir: host.workspace.datasetDir(dataset.id),
    datasetSize: dataset.size,
    runDir: host.workspace.runDir(run.id),
    testFraction: run.config.testFraction,
    seed: run.config.seed,
    preprocessing: runPreprocessing(run.config),
  };
}

/** A maps job on the run's own test images with a box, under its own preprocessing. */
export async function runMapsJob(host: HostContext, run: RunManifest, rest: Pick<MapsJob, 'methods' | 'options' | 'limit'>): Promise<MapsJob> {
  return { ...(await runImagesJob(host, run)), ...rest };
}
