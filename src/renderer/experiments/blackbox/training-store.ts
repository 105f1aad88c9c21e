/** Training: the form's config, the run being watched, its live events, cancel and resume. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunManifest, TrainConfig, TrainEvent } from '../../../shared/run.ts';
import { DEFAULT_TRAIN_CONFIG, isClassifierEvent } from '../../../shared/run.ts';
import { useClient } from '../../api/client.ts';
import { startJob } from '../../api/experiment-job.ts';
import { readView } from '../../api/experiment-view.ts';
import { useAppStore } from '../../stores/app.ts';
import { useJobsStore } from '../../stores/jobs.ts';

export type TrainForm = Pick<TrainConfig, 'epochs' | 'batchSize' | 'seed' | 'learningRate' | 'backend' | 'preprocessing'>;

export const useTrainingStore = defineStore('training', () => {
  const form = ref<TrainForm>({ epochs: DEFAULT_TRAIN_CONFIG.epochs, batchSize: DEFAULT_TRAIN_CONFIG.batchSize, seed: DEFAULT_TRAIN_CONFIG.seed, learningRate: DEFAULT_TRAIN_CONFIG.learningRate, backend: DEFAULT_TRAIN_CONFIG.backend, preprocessing: DEFAULT_TRAIN_CONFIG.preprocessing });
  const runId = ref<string | null>(null);
  const run = ref<RunManifest | null>(null);
  const events = ref<TrainEvent[]>([]);
  const jobId = ref<string | null>(null);
  let subscribed = false;

  const lastBatch = computed(() => [...events.value].reverse().find((e) => e.type === 'batch') ?? null);
  const lastEpoch = computed(() => [...events.value].reverse().find((e) => e.type === 'epoch') ?? null);
  const job = computed(() => (jobId.value ? useJobsStore().jobs[jobId.value] ?? null : null));
  const isRunning = computed(() => job.value?.status === 'running');

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    useClient().on('train', ({ runId: id, event }) => {
      if (id === runId.value || (runId.value === null && id !== '')) {
        runId.value = id;
        // The classifier's curves; a VAE run's events (reconstruction loss, KL) belong to its own view.
        if (isClassifierEvent(event)) events.value = [...events.value, event];
      }
    });
    useJobsStore().onUpdate((j) => {
      if (j.id === jobId.value && j.status !== 'running') void watchRun(runId.value);
    });
  }

  async function watchRun(id: string | null): Promise<void> {
    runId.value = id;
    if (id === null) {
      run.value = null;
      events.value = [];
      return;
    }
    const detail = useAppStore().take(await readView('blackbox', 'run', { runId: id }));
    if (detail !== null && runId.value === id) {
      run.value = detail.manifest;
      events.value = detail.events.filter(isClassifierEvent);
    }
  }

  async function start(datasetId: string): Promise<void> {
    subscribe();
    events.value = [];
    const r = useAppStore().take(await startJob('blackbox', 'train', { datasetId, config: { ...form.value } }));
    if (r === null) return;
    jobId.value = r.jobId;
    runId.value = r.runId;
    await watchRun(r.runId);
  }

  async function resume(id: string): Promise<void> {
    subscribe();
    await watchRun(id);
    const r = useAppStore().take(await useClient().resumeTraining({ runId: id }));
    if (r !== null) jobId.value = r.jobId;
  }

  async function cancel(): Promise<void> {
    if (jobId.value !== null) await useJobsStore().cancel(jobId.value);
  }

  return { form, runId, run, events, jobId, job, isRunning, lastBatch, lastEpoch, subscribe, watchRun, start, resume, cancel };
});
