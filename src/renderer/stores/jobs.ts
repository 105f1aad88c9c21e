/** Long-running jobs (dataset builds, training, maps) with live progress pushed by the host. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { JobInfo } from '../../shared/lab-api.ts';
import { useClient } from '../api/client.ts';
import { useAppStore } from './app.ts';

export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<Record<string, JobInfo>>({});
  const listeners = new Set<(job: JobInfo) => void>();

  const running = computed(() => Object.values(jobs.value).filter((j) => j.status === 'running'));
  const recent = computed(() => Object.values(jobs.value).sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 6));

  function apply(job: JobInfo): void {
    const before = jobs.value[job.id];
    jobs.value = { ...jobs.value, [job.id]: job };
    if (job.status === 'failed' && before?.status !== 'failed' && job.error) useAppStore().report(job.error);
    for (const l of listeners) l(job);
  }

  /** Calls back on every update of any job (stores use it to refresh when work finishes). */
  function onUpdate(listener: (job: JobInfo) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function connect(): void {
    useClient().on('job', apply);
    void useClient()
      .listJobs({})
      .then((r) => r.ok && r.value.forEach(apply));
  }

  async function cancel(jobId: string): Promise<void> {
    useAppStore().take(await useClient().cancelJob({ jobId }));
  }

  return { jobs, running, recent, apply, onUpdate, connect, cancel };
});
