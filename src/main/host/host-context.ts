/**
 * What experiment kinds, their views and reports, the trainers and the model store may use of the host:
 * a narrow interface that LabHost implements. They import this, never LabHost itself, so the host can
 * import its registry of kinds without an import cycle (issue 17; VS Code's service interfaces do the same).
 */
import type { BackendChoice, BackendInfo } from '../../shared/engine.ts';
import type { RunEvent, RunManifest } from '../../shared/run.ts';
import type { TrainRequest } from '../../shared/schemas/run.ts';
import type { Result } from '../../shared/result.ts';
import type { ProgressEvent, WorkerCallName, WorkerCalls } from '../../shared/worker-protocol.ts';
import type { Workspace } from './workspace.ts';
import type { FileLock } from '../../node/file-lock.ts';
import type { ExperimentProgress } from '../../shared/experiments/index.ts';
import type { ProgressUnits } from '../../shared/progress.ts';

export interface JobHooks<E = ProgressEvent> {
  onProgress?: (e: E) => void;
  signal?: AbortSignal;
}

/** Training hooks: every recorded event, and the run's id as soon as it exists on disk. */
export type TrainHooks = JobHooks<RunEvent> & { onRunCreated?: (runId: string) => void | Promise<void> };

/** What a front door hands an experiment kind's run: cancel, progress, and lines to show (experiment-definition.ts). */
export interface ExperimentHooks {
  signal?: AbortSignal;
  onProgress?: (p: ExperimentProgress) => void;
  /** Every training event of the run, as it is recorded. */
  onTrainEvent?: (runId: string, e: RunEvent) => void;
  /** The run exists on disk (a front door can show it while it trains). */
  onRunCreated?: (runId: string) => void | Promise<void>;
  /** One human line per milestone (dataset built, trained…); the CLI prints them, the app logs them. */
  log?: (line: string) => void;
}

/**
 * What a kind's job (experimentJob) is handed while it runs as one of the app's jobs: cancel, progress on
 * the job bar (with its units), training events for the live curves, and the run it made, as soon as it exists.
 */
export interface JobControl {
  signal: AbortSignal;
  progress(done: number, total: number, stage: string, etaSeconds?: number, units?: ProgressUnits): void;
  runCreated(runId: string): void;
  trainEvent(runId: string, e: RunEvent): void;
}

export interface HostContext {
  readonly workspace: Workspace;
  readonly backendChoice: BackendChoice;
  engineInfo(): Promise<Result<BackendInfo>>;
  train(request: TrainRequest, hooks?: TrainHooks): Promise<Result<RunManifest>>;
  trainRun(run: RunManifest, resume: boolean, hooks?: TrainHooks): Promise<RunManifest>;
  finishStage(runId: string, stage: string, stages: readonly string[]): Promise<RunManifest>;
  newRunManifest(fields: Pick<RunManifest, 'kind' | 'name' | 'config'> & Partial<RunManifest>): RunManifest;
  createRun(run: RunManifest, purpose?: string): Promise<FileLock>;
  /** Runs a kind end to end (an analysis that re-runs its run's experiment with other seeds). */
  runExperiment(kind: string, input: unknown, hooks?: ExperimentHooks): Promise<Result<{ run: RunManifest; summary: object }>>;
  /** Resumes an experiment run at its next unfinished stage (a completed run is returned as it is). */
  resumeExperiment(runId: string, hooks?: ExperimentHooks): Promise<Result<{ run: RunManifest; summary: object }>>;
  writeReport(runId: string): Promise<Result<string>>;
  callWorker<K extends Exclude<WorkerCallName, 'init'>>(name: K, params: WorkerCalls[K]['params'], opts?: { signal?: AbortSignal; onEvent?: (e: WorkerCalls[K]['event']) => void }): Promise<Result<WorkerCalls[K]['result']>>;
}
