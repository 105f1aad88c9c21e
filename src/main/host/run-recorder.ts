/**
 * Records a training run's events (metrics.jsonl, checkpoint epoch in the manifest) and its end. A
 * write the disk refuses stops the training (the worker is cancelled through `signal`) rather than
 * throwing inside the worker pool's message handler; the run is then marked failed with one line naming
 * the file, or, when even the manifest cannot be written, left to be found interrupted on the next open
 * (issue 7: "a full disk ... marks the run failed when space allows").
 */
import type { RunEvent, RunManifest } from '../../shared/run.ts';
import { LabError, type Result } from '../../shared/result.ts';
import { writeError } from '../../node/atomic-write.ts';
import type { Workspace } from './workspace.ts';

export class RunRecorder {
  /** The first write that failed; later events are dropped. */
  error: LabError | null = null;
  private readonly stop = new AbortController();

  constructor(
    private readonly workspace: Workspace,
    private readonly runId: string,
  ) {}

  /** The signal to give the worker: the caller's cancel, or a failed write. */
  signal(outer?: AbortSignal): AbortSignal {
    return outer === undefined ? this.stop.signal : AbortSignal.any([outer, this.stop.signal]);
  }

  /** The writes of the events recorded so far, one after another, in order. */
  private writes: Promise<void> = Promise.resolve();

  /**
   * Stores one event, its write queued after the ones before it (see `flushed`). Resolves true once it is
   * on disk, so a front door shows an epoch only after its line and checkpoint epoch are stored (a process
   * killed right after printing "epoch 1/6" has recorded epoch 1); false when it was not stored because an
   * earlier write failed (the training is being stopped).
   */
  record(e: RunEvent): Promise<boolean> {
    if (this.error !== null) return Promise.resolve(false);
    const written = this.writes.then(async () => {
      if (this.error !== null) return false;
      try {
        await this.workspace.appendMetrics(this.runId, e);
        if (e.type === 'epoch') await this.workspace.updateRun(this.runId, { checkpointEpoch: e.epoch, ...('testAccuracy' in e ? { testAccuracy: e.testAccuracy } : {}) });
        return true;
      } catch (err) {
        this.error = err instanceof LabError ? err : await writeError(this.workspace.runDir(this.runId), err);
        this.stop.abort();
        return false;
      }
    });
    this.writes = written.then(() => undefined);
    return written;
  }

  /** Resolves when every event recorded so far is written (or the first failed write set `error`). */
  flushed(): Promise<void> {
    return this.writes;
  }

  /** Marks the run cancelled or failed (best effort) and returns the one-line error to throw. */
  async fail(r: Result<unknown>): Promise<LabError> {
    const e = this.error ?? (r.ok ? new LabError('internal', 'training stopped') : new LabError(r.error.kind, r.error.message));
    const status: RunManifest['status'] = this.error === null && e.kind === 'cancelled' ? 'cancelled' : 'failed';
    try {
      await this.workspace.updateRun(this.runId, { status, error: e.message.split('\n')[0] });
    } catch {
      // the disk is still full: the manifest keeps its last good state and the next open reports it interrupted
    }
    return new LabError(e.kind, e.message.split('\n')[0], { runId: this.runId });
  }
}
