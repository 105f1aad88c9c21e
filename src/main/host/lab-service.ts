/**
 * The LabApi implemented over a LabHost, for any transport (Electron IPC, WebSocket). Validates every
 * payload, runs long work as jobs with progress and cancellation, and pushes events to subscribers.
 */
import { join } from 'node:path';
import { sharedMapReader } from './map-reader.ts';
import type { AppInfo, JobInfo, JobKind, LabCallName, LabCalls, LabEventName, LabEvents } from '../../shared/lab-api.ts';
import { type LabCallParams, parseCallParams } from '../../shared/schemas/lab-api.ts';
import { LabError, type Result, ok, serializeError, unwrap } from '../../shared/result.ts';
import type { BackendChoice } from '../../shared/engine.ts';
import { LabHost } from './lab-host.ts';
import type { PdfPrinter } from './report/print-pdf.ts';
import { experimentInfos } from './experiments/registry.ts';
import { JobRegistry } from './job-registry.ts';
import { versions } from './versions.ts';
import { readDatasetItems } from './dataset-images.ts';
import { RecentWorkspaces } from './recent-workspaces.ts';
import { ModelStore } from './models/model-store.ts';
import { batchCalls } from './batch/batch-calls.ts';
import { updateRunInfo } from './run-info.ts';
import { exportRunArchive, importRunArchive } from './run-archive.ts';
import type { ExperimentProgress } from '../../shared/experiments/index.ts';
import { type JobStarted, parseJobParams } from '../../shared/experiments/jobs.ts';
import type { JobControl } from './host-context.ts';
import { trainWithControl } from './train-job.ts';

/** Handlers get the parsed params (defaults filled in), never what came over the wire. */
type Handlers = { [K in LabCallName]: (params: LabCallParams<K>) => Promise<LabCalls[K]['result']> };
type Listener = (event: LabEventName, payload: unknown) => void;

export class LabService {
  private host: LabHost;
  private readonly jobs: JobRegistry;
  private readonly listeners = new Set<Listener>();
  /** The host's one reader of stored maps, byte-bounded, shared with every kind's map views (experimentView). */
  private readonly maps = sharedMapReader;
  private readonly recent: RecentWorkspaces;
  /** The first workspace's open (folders, recovery of dead writers), awaited by every call. */
  private readonly opened: Promise<void>;

  constructor(
    workspace: string,
    private readonly opts: { backend: BackendChoice; mediaBase: string; workerEntry?: URL; printPdf?: PdfPrinter },
  ) {
    this.host = new LabHost({ workspace, backend: opts.backend, workerEntry: opts.workerEntry, printPdf: opts.printPdf });
    this.opened = this.host.workspace.open();
    this.opened.catch(() => {}); // reported by every call, and by ready()
    this.recent = new RecentWorkspaces();
    void this.recent.add(this.host.workspace.root); // best effort: a read-only home only loses the list
    this.jobs = new JobRegistry((job) => this.emit('job', job));
  }

  /** Resolves once the workspace is open; rejects with its one-line error (an unwritable folder). */
  ready(): Promise<void> {
    return this.opened;
  }

  get workspace() {
    return this.host.workspace;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void {
    for (const l of this.listeners) l(event, payload);
  }

  /**
   * The single entry point transports call (web, IPC): parse with the call's schema, dispatch the
   * parsed value, wrap in a Result. A bad payload is refused as `call: field.path: problem`.
   */
  async call(name: LabCallName, params: unknown): Promise<Result<unknown>> {
    const parsed = parseCallParams(name, params);
    if (!parsed.ok) return parsed;
    try {
      await this.opened;
      return ok(await (this.handlers[name] as (p: unknown) => Promise<unknown>)(parsed.value));
    } catch (e) {
      return { ok: false, error: serializeError(e) };
    }
  }

  /** Runs work as a job; the call returns at once with the job id. */
  private runJob<T>(kind: JobKind, label: string, extra: Partial<Pick<JobInfo, 'runId' | 'datasetId' | 'experiment'>>, work: (jobId: string, signal: AbortSignal) => Promise<Result<T>>): string {
    const { id, signal } = this.jobs.start(kind, label, extra);
    work(id, signal)
      .then((r) => this.jobs.finish(id, r.ok ? undefined : r.error))
      .catch((e) => this.jobs.finish(id, serializeError(e)));
    return id;
  }

  /**
   * Starts a kind's job (or a resumed training) as one of the app's jobs: the call answers at once with the
   * job's id, or, for a job that makes a run, once the run exists on disk (with its id; a job that fails
   * before that fails the call).
   */
  private startJob(shown: { kind: JobKind; label: string; runId?: string; datasetId?: string }, answersWithRun: boolean, work: (control: JobControl) => Promise<Result<unknown>>): Promise<JobStarted> {
    return new Promise((resolve, reject) => {
      const jobId = this.runJob(shown.kind, shown.label, { runId: shown.runId, datasetId: shown.datasetId }, async (id, signal) => {
        const r = await work({
          signal,
          progress: (done, total, stage, etaSeconds, units) => this.jobs.progress(id, done, total, stage, etaSeconds, units),
          runCreated: (runId) => {
            this.jobs.attachRun(id, runId);
            if (answersWithRun) resolve({ jobId: id, runId });
          },
          trainEvent: (runId, event) => this.emit('train', { runId, event }),
        });
        // A job that answers with its run and ended without one fails the call (a no-op once it has answered).
        if (answersWithRun) reject(r.ok ? new LabError('internal', `${shown.label}: the job ended without making its run`) : new LabError(r.error.kind, r.error.message, r.error.details));
        return r;
      });
      if (!answersWithRun) resolve({ jobId });
    });
  }

  /** An experiment's progress on its job: the stage with its place ("maps (3/4)"), its units, the whole run's ETA. */
  private experimentProgress(id: string, p: ExperimentProgress): void {
    this.jobs.progress(id, p.done, p.total, `${p.stage} (${p.stageIndex + 1}/${p.stageCount})`, p.etaSeconds ?? undefined, { unit: p.unit, detail: p.detail, run: p.run });
  }

  private async info(): Promise<AppInfo> {
    return { workspace: this.host.workspace.root, backend: null, versions: versions(), mediaBase: this.opts.mediaBase, recentWorkspaces: await this.recent.list() };
  }

  private readonly handlers: Handlers = {
    getInfo: async () => {
      const engine = await this.host.engineInfo();
      return { ...(await this.info()), backend: engine.ok ? engine.value : null };
    },
    openWorkspace: async ({ path }) => {
      const next = new LabHost({ workspace: path, backend: this.opts.backend, workerEntry: this.opts.workerEntry, printPdf: this.opts.printPdf });
      await next.workspace.open();
      const old = this.host;
      this.host = next;
      this.maps.clear();
      await this.recent.add(next.workspace.root);
      await old.close();
      return this.info();
    },
    listDatasets: async () => unwrap(await this.host.listDatasets()),
    getDatasetItems: async ({ datasetId }) => {
      const m = await this.host.workspace.readDataset(datasetId);
      return await readDatasetItems(this.host.workspace.datasetDir(datasetId), m);
    },
    deleteDataset: async ({ datasetId }) => {
      const users = (await this.host.workspace.listRuns()).filter((r) => r.datasetId === datasetId);
      if (users.length > 0) throw new LabError('bad-input', `dataset "${datasetId}" is used by ${users.length} run(s); delete them first`);
      return unwrap(await this.host.remove('dataset', datasetId));
    },
    listRuns: async () => unwrap(await this.host.listRuns()),
    resumeTraining: async ({ runId }) => {
      const run = await this.host.workspace.readRun(runId);
      if (run.experiment !== undefined && this.host.isResumableExperiment(run)) {
        // An experiment's run resumes as the experiment: training if unfinished, then its later stages.
        const host = this.host;
        const jobId = this.runJob('experiment', `resume ${run.name}`, { experiment: run.experiment, runId }, (id, signal) =>
          host.resumeExperiment(runId, {
            signal,
            onTrainEvent: (rid, event) => this.emit('train', { runId: rid, event }),
            onProgress: (p) => this.experimentProgress(id, p),
          }),
        );
        return { jobId, runId };
      }
      const request = { datasetId: run.datasetId, resumeRunId: runId };
      return this.startJob({ kind: 'train', label: `resume ${runId}`, datasetId: run.datasetId, runId }, true, (control) => trainWithControl(this.host, request, run.config.epochs, control)) as Promise<{ jobId: string; runId: string }>;
    },
    writeReport: async ({ runId, pdf, paper }) => {
      const url = (name: string) => `${this.opts.mediaBase}/runs/${runId}/report/${name}`;
      if (pdf === true) {
        const printed = unwrap(await this.host.writeReportPdf(runId, paper));
        return { path: printed.html, url: url('report.html'), pdf: { path: printed.pdf, url: url('report.pdf') } };
      }
      return { path: unwrap(await this.host.writeReport(runId)), url: url('report.html') };
    },
    deleteRun: async ({ runId }) => {
      if (this.jobs.list().some((j) => j.runId === runId && j.status === 'running')) throw new LabError('bad-input', `run "${runId}" is busy; cancel its job first`);
      return unwrap(await this.host.remove('run', runId));
    },
    updateRunInfo: async (params) => updateRunInfo(this.host.workspace, params),
    exportRunArchive: async ({ runId }) => {
      const ws = this.host.workspace;
      const out = await exportRunArchive(ws, runId, join(ws.root, 'exports', `${runId}.tgz`));
      return { ...out, url: `${this.opts.mediaBase}/exports/${runId}.tgz` };
    },
    importRunArchive: async ({ path }) => importRunArchive(this.host.workspace, path),
    listJobs: async () => this.jobs.list(),
    listExperiments: async () => experimentInfos(),
    startExperiment: async ({ kind, config }) => {
      const { def, config: parsed } = this.host.checkExperiment(kind, config); // refused now, not as a failed job
      const host = this.host;
      return {
        jobId: this.runJob('experiment', `${def.info.title}${(parsed as { quick?: boolean }).quick === true ? ' (quick)' : ''}`, { experiment: kind }, (id, signal) =>
          host.runExperiment(kind, parsed, {
            signal,
            onRunCreated: (runId) => this.jobs.attachRun(id, runId),
            onTrainEvent: (runId, event) => this.emit('train', { runId, event }),
            onProgress: (p) => this.experimentProgress(id, p),
          }),
        ),
      };
    },
    listModels: async () => new ModelStore(this.host).list(),
    importModel: async ({ source, name, preprocessing, kerasGraph }) => {
      const store = new ModelStore(this.host);
      return {
        jobId: this.runJob('model', `import model ${name ?? source}`, {}, async (id, signal) => {
          try {
            return ok(await store.import(source, { name, preprocessing, kerasGraph, signal, onProgress: (done, total, stage) => this.jobs.progress(id, done, total, stage) }));
          } catch (e) {
            return { ok: false as const, error: serializeError(e) };
          }
        }),
      };
    },
    experimentView: async ({ kind, view, params }) => this.host.experimentView(kind, view, params),
    experimentJob: async ({ kind, job, params }) => {
      const parsed = unwrap(parseJobParams(kind, job, params));
      const definition = await this.host.kindJob(kind, job);
      const shown = await definition.prepare(this.host, parsed);
      return this.startJob(shown, definition.answersWithRun === true, (control) => definition.run(this.host, parsed, control));
    },
    ...batchCalls({
      // Read when a call comes: the handlers are built before the constructor sets host and opts.
      host: () => this.host,
      mediaBase: () => this.opts.mediaBase,
      runJob: (label, work) => this.runJob('batch', label, {}, work),
      progress: (id, done, total, stage) => this.jobs.progress(id, done, total, stage),
    }),
    cancelJob: async ({ jobId }) => {
      if (!this.jobs.cancel(jobId)) throw new LabError('not-found', `no running job "${jobId}"`);
      return true as const;
    },
  };

  close(): Promise<void> {
    return this.host.close();
  }
}
