/**
 * Long-running jobs (dataset builds, training, maps) with live progress pushed by the host, an ETA from
 * the overall rate, and a tidy list: finished jobs can be cleared from view.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { JobInfo } from '../../shared/lab-api.ts';
import { useClient } from '../api/client.ts';
import { useAppStore } from './app.ts';
import { inDoor } from '../../shared/remedy.ts';
import { type EtaWindow, nextWindow, overallEta } from '../eta.ts';
import { jobKey } from '../banner.ts';

export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<Record<string, JobInfo>>({});
  /** Seconds left per running job, from the overall progress rate. */
  const etas = ref<Record<string, number | null>>({});
  const cleared = ref<string[]>([]);
  const windows = new Map<string, EtaWindow>();
  const listeners = new Set<(job: JobInfo) => void>();

  const running = computed(() => Object.values(jobs.value).filter((j) => j.status === 'running'));
  const recent = computed(() => Object.values(jobs.value).sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 6));
  /** Finished jobs not cleared, newest first. */
  const finished = computed(() =>
    Object.values(jobs.value)
      .filter((j) => j.status !== 'running' && !cleared.value.includes(j.id))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
  );

  /** `fromHistory`: a job listed when the page loads; its failure is old news (job bar), not a new banner. */
  function apply(reported: JobInfo, fromHistory = false): void {
    // A failed job's remedy in the app's words (shared/remedy.ts), as the client does for calls.
    const job = reported.error === undefined ? reported : { ...reported, error: inDoor(reported.error, 'app') };
    const before = jobs.value[job.id];
    jobs.value = { ...jobs.value, [job.id]: job };
    if (job.status === 'running' && job.progress) {
      const now = Date.now();
      const w = nextWindow(windows.get(job.id), job.progress.done, job.progress.total, now);
      windows.set(job.id, w);
      etas.value = { ...etas.value, [job.id]: overallEta(w, job.progress.done, now) ?? job.progress.etaSeconds };
    } else if (job.status !== 'running') {
      windows.delete(job.id);
    }
    // A failed job has no button waiting on it: the banner says so until a job of the same kind completes.
    if (job.status === 'failed' && before?.status !== 'failed' && job.error && !fromHistory) useAppStore().report(job.error, jobKey(job.kind));
    else if (job.status === 'done') useAppStore().clear(jobKey(job.kind));
    for (const l of listeners) l(job);
  }

  /** Calls back on every update of any job (stores use it to refresh when work finishes). */
  function onUpdate(listener: (job: JobInfo) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function connect(): void {
    useClient().on('job', (j) => apply(j));
    void useClient()
      .listJobs({})
      .then((r) => r.ok && r.value.forEach((j) => apply(j, true)));
  }

  async function cancel(jobId: string): Promise<void> {
    useAppStore().take(await useClient().cancelJob({ jobId }));
  }

  function clearFinished(): void {
    cleared.value = [...cleared.value, ...finished.value.map((j) => j.id)];
  }

  function etaOf(jobId: string): number | null {
    return etas.value[jobId] ?? jobs.value[jobId]?.progress?.etaSeconds ?? null;
  }

  return { jobs, etas, running, recent, finished, apply, onUpdate, connect, cancel, clearFinished, etaOf };
});
