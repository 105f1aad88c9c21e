/**
 * A training as one of the app's jobs: the host's training (LabHost.train) with its events on the live
 * curves, its batches on the job bar ("epoch 2 / 8"), and its run announced as soon as it exists. The
 * black box's `train` job and resuming a plain training run share it.
 */
import type { Result } from '../../shared/result.ts';
import type { RunManifest } from '../../shared/run.ts';
import type { TrainRequest } from '../../shared/schemas/run.ts';
import { trainingUnits } from '../../shared/progress.ts';
import type { HostContext, JobControl } from './host-context.ts';

export function trainWithControl(host: HostContext, request: TrainRequest, epochs: number, control: JobControl): Promise<Result<RunManifest>> {
  let runId = request.resumeRunId ?? '';
  return host.train(request, {
    signal: control.signal,
    onRunCreated: (id) => {
      runId = id;
      control.runCreated(id);
    },
    onProgress: (e) => {
      control.trainEvent(runId, e);
      if (e.type === 'batch') control.progress((e.epoch - 1) * e.batches + e.batch, epochs * e.batches, `epoch ${e.epoch}/${epochs}`, e.etaSeconds, trainingUnits(e.epoch, epochs));
    },
  });
}
