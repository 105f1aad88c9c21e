/**
 * How long a black-box run's training took, read from its own record, so an analysis that retrains it
 * (control arm, seeds) says its expected duration before it starts (issue 18). Each epoch event carries
 * the session's throughput so far (images per second, measured after the epoch's test evaluation and
 * checkpoint), so the last one times the whole recipe even for a run that was killed and resumed, whose
 * wall-clock span would include the time it lay dead.
 */
import { type RunManifest, isClassifierConfig, isClassifierEvent } from '../../../../shared/run.ts';
import type { HostContext } from '../../host-context.ts';

/** Seconds the run's training took (epochs × training images ÷ throughput), or null when it has no epoch on record. */
export async function recordedTrainingSeconds(host: HostContext, run: RunManifest): Promise<number | null> {
  if (!isClassifierConfig(run.config)) return null;
  const last = (await host.workspace.readMetrics(run.id))
    .filter(isClassifierEvent)
    .filter((e) => e.type === 'epoch')
    .at(-1);
  if (last === undefined || !(last.imagesPerSecond > 0)) return null;
  let images: number;
  try {
    const dataset = await host.workspace.readDataset(run.datasetId);
    images = dataset.counts.withBox + dataset.counts.withoutBox;
  } catch {
    return null;
  }
  const trainImages = Math.round(images * (1 - run.config.testFraction));
  return (run.config.epochs * trainImages) / last.imagesPerSecond;
}

/** Seconds left to train a run of the same recipe that has `doneEpochs` of `epochs` behind it. */
export function remainingTrainingSeconds(perRun: number, epochs: number, doneEpochs: number): number {
  return (perRun * Math.max(0, epochs - doneEpochs)) / epochs;
}
