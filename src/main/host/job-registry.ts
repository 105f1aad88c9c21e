/**
 * Long work as jobs: an id, a kind, progress with an ETA, cancellation, and a final status, pushed to
 * listeners (the UI) as it changes. Progress pushes are throttled so a fast loop cannot flood a
 * transport.
 */
import type { JobInfo, JobKind } from '../../shared/lab-api.ts';
import type { SerializedError } from '../../shared/result.ts';
import { type ProgressUnits, type RunProgress, etaFromPace } from '../../shared/progress.ts';

const PUSH_INTERVAL_MS = 200;

interface Entry {
  info: JobInfo;
  controller: AbortController;
  lastPush: number;
  stageStart: number;
  stage: string;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private next = 1;

  constructor(private readonly push: (job: JobInfo) => void) {}

  start(kind: JobKind, label: string, extra: Partial<Pick<JobInfo, 'runId' | 'datasetId' | 'experiment'>> = {}): { id: string; signal: AbortSignal } {
    const id = `job-${this.next++}`;
    const info: JobInfo = { id, kind, label, status: 'running', startedAt: new Date().toISOString(), progress: null, ...extra };
    const entry: Entry = { info, controller: new AbortController(), lastPush: 0, stageStart: Date.now(), stage: '' };
    this.jobs.set(id, entry);
    this.push({ ...info });
    return { id, signal: entry.controller.signal };
  }

  /**
   * Records progress; the ETA is extrapolated within the current stage unless given. `more`: what the count
   * is of ("maps", "epoch 3 / 8") and, for a run of several stages, the whole run's progress and ETA.
   */
  progress(id: string, done: number, total: number, stage: string, etaSeconds?: number, more: ProgressUnits & { run?: RunProgress } = {}): void {
    const e = this.jobs.get(id);
    if (e === undefined || e.info.status !== 'running') return;
    if (stage !== e.stage) {
      e.stage = stage;
      e.stageStart = Date.now();
    }
    const elapsed = (Date.now() - e.stageStart) / 1000;
    const eta = etaSeconds ?? etaFromPace(elapsed, done, total);
    e.info.progress = { done, total, stage, etaSeconds: eta, ...(more.unit === undefined ? {} : { unit: more.unit }), ...(more.detail === undefined ? {} : { detail: more.detail }), ...(more.run === undefined ? {} : { run: more.run }) };
    const now = Date.now();
    if (now - e.lastPush >= PUSH_INTERVAL_MS || done >= total) {
      e.lastPush = now;
      this.push({ ...e.info });
    }
  }

  finish(id: string, error?: SerializedError): void {
    const e = this.jobs.get(id);
    if (e === undefined) return;
    e.info.status = error === undefined ? 'done' : error.kind === 'cancelled' ? 'cancelled' : 'failed';
    if (error !== undefined) e.info.error = error;
    this.push({ ...e.info });
  }

  attachRun(id: string, runId: string): void {
    const e = this.jobs.get(id);
    if (e !== undefined) {
      e.info.runId = runId;
      this.push({ ...e.info });
    }
  }

  cancel(id: string): boolean {
    const e = this.jobs.get(id);
    if (e === undefined || e.info.status !== 'running') return false;
    e.controller.abort();
    return true;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => ({ ...e.info })).reverse();
  }
}
