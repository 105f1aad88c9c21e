/**
 * The LabHost: the services every front door (desktop, web, CLI) uses: training, experiment kinds, their
 * views and reports, run through the worker pool and stored in the workspace. Every public method
 * returns a Result; long work reports progress and honours an AbortSignal.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BackendChoice, BackendInfo } from '../../shared/engine.ts';
import type { DatasetManifest } from '../../shared/dataset.ts';
import { type RunManifest, type TrainConfig } from '../../shared/run.ts';
import { dottedPath, parseOrThrow } from '../../shared/schemas/check.ts';
import { type TrainRequest, TrainOptionsSchema, TrainRequestSchema } from '../../shared/schemas/run.ts';
import { LabError, type Result, attempt, unwrap } from '../../shared/result.ts';
import type { WorkerCallName, WorkerCalls } from '../../shared/worker-protocol.ts';
import type { ExperimentKind } from '../../shared/experiments/index.ts';
import { type ExperimentDefinition, type ExperimentHooks, type ExperimentJob, checkExperimentConfig } from './experiments/experiment-definition.ts';
import { checkedExperiment, experimentDefinition, experimentDefinitions, kindOfRun, kindJob, readExperimentView } from './experiments/registry.ts';
import { writeReportFile } from './report/write-report.ts';
import { type PaperSize, type PdfPrinter, chromiumPrinter, printReportPdf } from './report/print-pdf.ts';
import { provenanceBlock, provenanceRows } from './report/provenance.ts';
import { WorkerPool } from './worker-pool.ts';
import { RUN_LOCK, Workspace, newId } from './workspace.ts';
import { type FileLock, liveLockHolder } from '../../node/file-lock.ts';
import { versions } from './versions.ts';
import { RunRecorder } from './run-recorder.ts';
import { trainerFor } from './run-trainers.ts';
import type { HostContext, TrainHooks } from './host-context.ts';

export interface LabHostOptions {
  workspace: string;
  backend?: BackendChoice;
  workers?: number;
  onLog?: (level: string, message: string) => void;
  /** Built worker script (bundled apps); the sources are used when absent. */
  workerEntry?: URL;
  /** Prints report PDFs: the desktop app passes Electron's; headless Chromium when absent (print-pdf.ts). */
  printPdf?: PdfPrinter;
}

export type { JobHooks, TrainHooks } from './host-context.ts';

export class LabHost implements HostContext {
  readonly workspace: Workspace;
  private readonly pool: WorkerPool;
  readonly backendChoice: BackendChoice;
  private readonly printPdf: PdfPrinter;

  constructor(opts: LabHostOptions) {
    this.workspace = new Workspace(opts.workspace);
    this.printPdf = opts.printPdf ?? chromiumPrinter();
    this.backendChoice = opts.backend ?? 'auto';
    this.pool = new WorkerPool(opts.workers ?? 1, this.backendChoice, { onLog: opts.onLog, entry: opts.workerEntry });
  }

  async engineInfo(): Promise<Result<BackendInfo>> {
    return this.pool.start();
  }

  /**
   * Starts a new classifier run, or resumes `resumeRunId` (of any model) from its last checkpoint. The
   * request is parsed here, once: the run records exactly the config it trains with (issue 7).
   */
  train(request: TrainRequest, hooks: TrainHooks = {}): Promise<Result<RunManifest>> {
    let lock: FileLock | undefined;
    return attempt(async () => {
      const params = parseOrThrow(TrainRequestSchema, request, 'train');
      await this.workspace.open();
      let run: RunManifest;
      if (params.resumeRunId !== undefined) {
        run = await this.workspace.readRun(params.resumeRunId);
        if (run.status === 'completed') return run;
        lock = await this.workspace.lockRun(run.id, 'training'); // a second resume is refused, naming the holder
        run = await this.workspace.readRun(run.id);
        await this.workspace.checkRunFiles(run.id);
      } else {
        const dataset = await this.workspace.readDataset(params.datasetId ?? '');
        await this.workspace.checkDatasetFiles(dataset); // before a run exists that would be left behind
        const options = params.config ?? TrainOptionsSchema.parse({});
        const config: TrainConfig = { ...options, datasetId: dataset.id, backend: options.backend ?? this.backendChoice };
        run = this.newRunManifest({ kind: params.kind ?? 'train', name: params.name ?? `${config.model} on ${dataset.name}`, config });
        lock = await this.createRun(run);
      }
      await hooks.onRunCreated?.(run.id);
      return this.trainRun(run, params.resumeRunId !== undefined, hooks);
    }).finally(() => lock?.releaseAsync());
  }

  /** Marks one more of an experiment run's stages finished; the last one completes the run. */
  async finishStage(runId: string, stage: string, stages: readonly string[]): Promise<RunManifest> {
    const run = await this.workspace.readRun(runId);
    const stagesDone = stagesWith(run, stage);
    const complete = stages.every((s) => stagesDone.includes(s));
    return await this.workspace.updateRun(runId, { stagesDone, ...(complete ? { status: 'completed' as const, error: undefined } : {}) });
  }

  /** A manifest for a new run of any model, not yet on disk. */
  newRunManifest(fields: Pick<RunManifest, 'kind' | 'name' | 'config'> & Partial<RunManifest>): RunManifest {
    const now = new Date().toISOString();
    return { id: newId('run'), status: 'created', datasetId: fields.config.datasetId, createdAt: now, updatedAt: now, backend: null, versions: versions(), checkpointEpoch: 0, testAccuracy: null, ...fields };
  }

  /** Creates a run's folder and manifest under its lock, which the caller releases when its work ends. */
  async createRun(run: RunManifest, purpose = 'training'): Promise<FileLock> {
    await mkdir(this.workspace.runDir(run.id), { recursive: true });
    const lock = await this.workspace.lockRun(run.id, purpose);
    await this.workspace.writeRun(run);
    return lock;
  }

  /**
   * Trains a run (the caller holds its lock) from scratch or from its last checkpoint, with the trainer
   * its model names (run-trainers.ts); records every event and the end state, whatever happens.
   */
  async trainRun(run: RunManifest, resume: boolean, hooks: TrainHooks = {}): Promise<RunManifest> {
    const dataset = await this.workspace.readDataset(run.datasetId);
    await this.workspace.checkDatasetFiles(dataset);
    const recorder = new RunRecorder(this.workspace, run.id);
    const backend = unwrap(await this.pool.start());
    run = await this.workspace.updateRun(run.id, { status: 'running', backend, error: undefined });
    const r = await trainerFor(run.config)({
      host: this,
      run,
      datasetDir: this.workspace.datasetDir(dataset.id),
      datasetSize: dataset.size,
      runDir: this.workspace.runDir(run.id),
      resume,
      signal: recorder.signal(hooks.signal),
      onEvent: (e) => {
        // Shown once stored, in order (the writes are queued one after another).
        void recorder.record(e).then((stored) => stored && hooks.onProgress?.(e));
      },
    });
    await recorder.flushed();
    if (!r.ok || recorder.error !== null) throw await recorder.fail(r);
    // An experiment's run is completed by its definition, after its last stage; training is one stage.
    if (run.experiment !== undefined) return await this.workspace.updateRun(run.id, { ...r.value, stagesDone: stagesWith(run, 'training') });
    return await this.workspace.updateRun(run.id, { ...r.value, status: 'completed' });
  }

  /**
   * Resumes an experiment run at its next unfinished stage (training from its last checkpoint, then the
   * stages after it), with the config the run recorded: what `train --resume` and the app's Resume do
   * for an experiment run.
   */
  resumeExperiment(runId: string, hooks: ExperimentHooks = {}): Promise<Result<{ run: RunManifest; summary: object }>> {
    return attempt(async () => {
      await this.workspace.open();
      let run = await this.workspace.readRun(runId);
      const def = run.experiment === undefined ? undefined : experimentDefinition(run.experiment);
      if (def?.resume === undefined) throw new LabError('bad-input', `run "${runId}": ${run.experiment === undefined ? 'not an experiment run' : `a ${run.experiment} run has no stages to resume`}`);
      const checked = checkExperimentConfig(def, run.experimentConfig);
      if (!checked.ok) throw new LabError('io', `run "${runId}": its recorded experiment config no longer parses (${dottedPath(checked.path)}: ${checked.problem})`);
      if (run.status === 'completed' && run.stagesDone === undefined && def.legacyStagesDone !== undefined) {
        // Runs from before stages were tracked were marked completed by their training alone (issue 16):
        // what they finished is read from what they hold, and a missing stage is run now.
        const stagesDone = await def.legacyStagesDone(this, run);
        if (!def.info.stages.every((s) => stagesDone.includes(s))) run = await this.workspace.updateRun(runId, { stagesDone, status: 'interrupted' });
      }
      const resume = def.resume;
      // Called as the definition's method: a kind's resume reads its own `this.info` (the black-box kind does).
      const done = run.status === 'completed' ? run : await this.recordingStageFailure(() => runId, () => resume.call(def, this, run, checked.value, hooks));
      return { run: done, summary: await def.summarize(this, done) };
    });
  }

  /** True when the run is an experiment's whose later stages `resumeExperiment` can run. */
  isResumableExperiment(run: RunManifest): boolean {
    return run.experiment !== undefined && experimentDefinition(run.experiment)?.resume !== undefined;
  }

  writeReport(runId: string): Promise<Result<string>> {
    return attempt(async () => {
      const run = await this.workspace.readRun(runId);
      const def = experimentDefinition(kindOfRun(run));
      if (def?.report === undefined) throw new LabError('bad-input', `run "${runId}": no report for experiment "${run.experiment}"`);
      // The kind's own sections, then what other kinds attach to this run (the sweep's panels).
      const content = await def.report(this, runId);
      const attached = await Promise.all(experimentDefinitions().map(async (d) => (await d.reportSection?.(this, run)) ?? ''));
      return writeReportFile(this.workspace.runDir(runId), runId, content, attached, provenanceBlock(await provenanceRows(this.workspace, run)));
    });
  }

  /** Writes the run's report, then prints it to runs/<id>/report/report.pdf on `paper` (issue 19). */
  writeReportPdf(runId: string, paper: PaperSize = 'a4'): Promise<Result<{ html: string; pdf: string }>> {
    return attempt(async () => {
      const html = unwrap(await this.writeReport(runId));
      return { html, pdf: await printReportPdf(dirname(html), paper, this.printPdf) };
    });
  }

  /**
   * Runs an experiment kind end to end (src/main/host/experiments/): every front door comes here, so the
   * config is parsed here, once, and the run records exactly what ran.
   */
  runExperiment(kind: string, input: unknown, hooks: ExperimentHooks = {}): Promise<Result<{ run: RunManifest; summary: object }>> {
    return attempt(async () => {
      const { def, config } = this.checkExperiment(kind, input);
      await this.workspace.open();
      let runId: string | null = null;
      const run = await this.recordingStageFailure(
        () => runId,
        () =>
          def.run(this, config, {
            ...hooks,
            onRunCreated: async (id) => {
              runId = id;
              await hooks.onRunCreated?.(id);
            },
          }),
      );
      return { run, summary: await def.summarize(this, run) };
    });
  }

  /**
   * Runs an experiment's stages; when one after training fails or is cancelled, the run records it
   * (status `failed` or `cancelled`, the one-line error), as training does, instead of staying `running`
   * until the next listing calls it interrupted.
   */
  private async recordingStageFailure(runId: () => string | null, stages: () => Promise<RunManifest>): Promise<RunManifest> {
    try {
      return await stages();
    } catch (e) {
      const id = runId();
      if (id !== null) {
        try {
          const run = await this.workspace.readRun(id);
          // A run another live process holds is its to record (a second resume refused on the lock must
          // not mark a run that is working elsewhere as failed); our own stages released theirs already.
          const elsewhere = (await liveLockHolder(join(this.workspace.runDir(id), RUN_LOCK))) !== null;
          if (!elsewhere && (run.status === 'running' || run.status === 'created')) {
            const err = e instanceof LabError ? e : new LabError('internal', (e as Error).message ?? String(e));
            await this.workspace.updateRun(id, { status: err.kind === 'cancelled' ? 'cancelled' : 'failed', error: err.message.split('\n')[0] });
          }
        } catch {
          // the manifest cannot be written (full disk): the next open reports the run interrupted
        }
      }
      throw e;
    }
  }

  /** A view of a kind's results (LabApi experimentView), its params parsed by the view's own schema. */
  async experimentView(kind: ExperimentKind, name: string, params: unknown): Promise<unknown> {
    await this.workspace.open();
    return readExperimentView(this, kind, name, params);
  }

  /** One of a kind's jobs (LabApi experimentJob), in a workspace that exists. */
  async kindJob(kind: ExperimentKind, name: string): Promise<ExperimentJob<unknown>> {
    await this.workspace.open();
    return kindJob(kind, name);
  }

  /** The kind's definition and its parsed config, or a 'bad-input' LabError `experiment KIND: field: problem`. */
  checkExperiment(kind: string, input: unknown): { def: ExperimentDefinition; config: unknown } {
    return checkedExperiment(kind, input);
  }

  /** A worker call for an experiment definition's own stages; the pool itself stays private to the host. */
  callWorker<K extends Exclude<WorkerCallName, 'init'>>(name: K, params: WorkerCalls[K]['params'], opts: { signal?: AbortSignal; onEvent?: (e: WorkerCalls[K]['event']) => void } = {}): Promise<Result<WorkerCalls[K]['result']>> {
    return this.pool.call(name, params, opts);
  }

  listDatasets(): Promise<Result<DatasetManifest[]>> {
    return attempt(() => this.workspace.listDatasets());
  }

  listRuns(): Promise<Result<RunManifest[]>> {
    return attempt(() => this.workspace.listRuns());
  }

  getRun(id: string): Promise<Result<RunManifest>> {
    return attempt(() => this.workspace.readRun(id));
  }

  remove(kind: 'dataset' | 'run', id: string): Promise<Result<true>> {
    return attempt(async () => {
      await this.workspace.remove(kind, id);
      return true as const;
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The run's finished stages with `stage` added (an experiment's dataset comes before its run exists). */
function stagesWith(run: RunManifest, stage: string): string[] {
  const done = new Set(run.stagesDone ?? ['dataset']);
  done.add(stage);
  return [...done];
}
