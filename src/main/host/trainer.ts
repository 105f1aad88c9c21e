/**
 * A trainer: how one kind of model is trained in the worker (each kind's own, in its folder; the table by
 * model is run-trainers.ts). HostContext.trainRun owns the run's status, lock and event log; a trainer only
 * makes the worker call and says what the finished run records.
 */
import type { Result } from '../../shared/result.ts';
import type { RunConfig, RunEvent, RunManifest } from '../../shared/run.ts';
import type { HostContext } from './host-context.ts';

export interface TrainerContext<C extends RunConfig> {
  host: HostContext;
  run: RunManifest & { config: C };
  datasetDir: string;
  datasetSize: number;
  runDir: string;
  resume: boolean;
  signal: AbortSignal;
  onEvent: (e: RunEvent) => void;
}

/** The worker's answer and, when it succeeded, what to record in the manifest (and files to write). */
export type Trainer<C extends RunConfig> = (ctx: TrainerContext<C>) => Promise<Result<Partial<RunManifest>>>;

