/**
 * The suppressed-point sweep of a black-box run (issue 9): the run's last sweep (runs/<id>/sweep.json),
 * a form to start a new one (bins, extra presets, how many test images) as experiment kind 'sweep', its
 * job, and a one-line refusal next to the form.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { JobInfo, SweepView } from '../../../shared/lab-api.ts';
import { PREPROCESSING_IDS, type PreprocessingId } from '../../../shared/preprocessing.ts';
import { TRAIN_PREPROCESSING_PRESET, type TrainPreprocessing, runPreprocessing } from '../../../shared/run.ts';
import { DEFAULT_SWEEP_BINS } from '../../../shared/sweep.ts';
import { readView } from '../../api/experiment-view.ts';
import { useAppStore } from '../../stores/app.ts';
import { useJobsStore } from '../../stores/jobs.ts';
import { endedWithout, startExperimentJob } from '../../stores/experiment-job.ts';

export interface SweepForm {
  bins: number;
  /** Presets fed to the same model besides its own (which always gets the first panel). */
  presets: PreprocessingId[];
  /** Test images with a box to explain. */
  limit: number;
}

/** What is wrong with the form, in one line, or null. */
export function sweepFormProblem(f: SweepForm): string | null {
  if (!(Number.isInteger(f.bins) && f.bins >= 2 && f.bins <= 256)) return 'bins: a whole number in [2, 256] (odd puts mid-grey at a bin centre)';
  if (!(Number.isInteger(f.limit) && f.limit >= 1 && f.limit <= 100_000)) return 'images: a whole number in [1, 100000]';
  return null;
}

export const useSweepStore = defineStore('sweep', () => {
  const runId = ref<string | null>(null);
  const view = ref<SweepView | null>(null);
  const form = ref<SweepForm>({ bins: DEFAULT_SWEEP_BINS, presets: [], limit: 100 });
  const error = ref<string | null>(null);
  const jobId = ref<string | null>(null);

  const job = computed(() => (jobId.value ? useJobsStore().jobs[jobId.value] ?? null : null));
  const running = computed(() => job.value?.status === 'running');
  /** The run's own preset (unit → [0, 1], centred → the paper's [−0.5, 0.5], inverted → 1 − x). */
  const ownPreset = computed<PreprocessingId | null>(() => (view.value ? TRAIN_PREPROCESSING_PRESET[runPreprocessing(view.value.manifest.config as { model: string; preprocessing?: TrainPreprocessing })] : null));
  const otherPresets = computed(() => PREPROCESSING_IDS.filter((p) => p !== ownPreset.value));

  /** The sweep job ended. */
  function settle(j: JobInfo): void {
    error.value = endedWithout(j, 'Sweep');
    void refresh();
  }

  async function open(id: string | null): Promise<void> {
    if (id !== runId.value) {
      runId.value = id;
      view.value = null;
      error.value = null;
    }
    await refresh();
  }

  async function refresh(): Promise<void> {
    const id = runId.value;
    if (id === null) return;
    const r = useAppStore().take(await readView('sweep', 'result', { runId: id }));
    if (r === null || runId.value !== id) return;
    view.value = r;
  }

  function togglePreset(p: PreprocessingId): void {
    form.value = { ...form.value, presets: form.value.presets.includes(p) ? form.value.presets.filter((x) => x !== p) : PREPROCESSING_IDS.filter((x) => x === p || form.value.presets.includes(x)) };
  }

  /** Starts `experiment sweep` on the open run; a problem or a refusal is one line next to the form. */
  async function start(): Promise<boolean> {
    error.value = null;
    const id = runId.value;
    if (id === null) return false;
    const problem = sweepFormProblem(form.value);
    if (problem !== null) {
      error.value = problem;
      return false;
    }
    const presets = form.value.presets.filter((p) => p !== ownPreset.value);
    const r = await startExperimentJob('sweep', { run: id, bins: form.value.bins, limit: form.value.limit, presets }, settle);
    if ('error' in r) {
      error.value = r.error;
      return false;
    }
    jobId.value = r.jobId;
    return true;
  }

  return { runId, view, form, error, jobId, job, running, ownPreset, otherPresets, open, refresh, togglePreset, start };
});
