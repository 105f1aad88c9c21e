/**
 * The model cache (issue 9): models with their input size, preprocessing and classes; importing a file,
 * folder or URL as a job, with its progress and a one-line error next to the form.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { JobInfo } from '../../shared/lab-api.ts';
import { DEFAULT_KERAS_GRAPH, type KerasGraph, type ModelManifest } from '../../shared/models.ts';
import type { PreprocessingId } from '../../shared/preprocessing.ts';
import { useClient } from '../api/client.ts';
import { useAppStore } from './app.ts';
import { useJobsStore } from './jobs.ts';

/** The first line of a message, without a trailing period: errors are shown in one line. */
export function oneLine(message: string): string {
  return message.split('\n')[0].trim();
}

/** Classes the model outputs, in words: `1000 (ImageNet names)` or `3 (indices)`. */
export function classesText(m: Pick<ModelManifest, 'classNames' | 'outputCount'>): string {
  return m.classNames === 'imagenet' ? `${m.outputCount} (ImageNet names)` : `${m.outputCount} (indices, no names)`;
}

export const useModelsStore = defineStore('models', () => {
  const list = ref<ModelManifest[]>([]);
  const loaded = ref(false);
  const source = ref('');
  const name = ref('');
  /** Empty: the importer's default (Keras .h5 → caffe, TF.js → [0, 1]). */
  const preprocessing = ref<PreprocessingId | ''>('');
  /** Keras 1 ResNet files only (issue 15, item 3); sent only when it differs from the default. */
  const kerasGraph = ref<KerasGraph>(DEFAULT_KERAS_GRAPH);
  const error = ref<string | null>(null);
  const jobId = ref<string | null>(null);
  /** The model the last import added, to highlight in the list. */
  const imported = ref<string | null>(null);
  let subscribed = false;

  const job = computed(() => (jobId.value ? useJobsStore().jobs[jobId.value] ?? null : null));
  const importing = computed(() => job.value?.status === 'running');

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    useJobsStore().onUpdate(settle);
  }

  /** The import job ended (its event may arrive before the call's answer: see importModel). */
  function settle(j: JobInfo): void {
    if (j.id !== jobId.value || j.status === 'running') return;
    if (j.status === 'done') {
      source.value = '';
      name.value = '';
      // The list is newest first, but another import may have landed meanwhile: highlight the id that is new.
      const before = new Set(list.value.map((m) => m.id));
      void refresh().then(() => (imported.value = list.value.find((m) => !before.has(m.id))?.id ?? list.value[0]?.id ?? null));
    } else {
      error.value = j.status === 'cancelled' ? 'Import cancelled.' : oneLine(j.error?.message ?? 'import failed');
    }
  }

  async function refresh(): Promise<void> {
    subscribe();
    const r = useAppStore().take(await useClient().listModels({}));
    if (r !== null) {
      list.value = r;
      loaded.value = true;
    }
  }

  /** Starts the import job; a refusal (bad path, bad URL) is one line next to the form. */
  async function importModel(): Promise<boolean> {
    subscribe();
    error.value = null;
    imported.value = null;
    const src = source.value.trim();
    if (src === '') {
      error.value = 'Give a path (Keras .h5, TF.js model folder or model.json) or an http(s) URL.';
      return false;
    }
    const r = await useClient().importModel({ source: src, ...(name.value.trim() ? { name: name.value.trim() } : {}), ...(preprocessing.value ? { preprocessing: preprocessing.value } : {}), ...(kerasGraph.value !== DEFAULT_KERAS_GRAPH ? { kerasGraph: kerasGraph.value } : {}) });
    if (!r.ok) {
      error.value = oneLine(r.error.message);
      return false;
    }
    jobId.value = r.value.jobId;
    const now = useJobsStore().jobs[r.value.jobId];
    if (now !== undefined) settle(now);
    return true;
  }

  return { list, loaded, source, name, preprocessing, kerasGraph, error, jobId, job, importing, imported, refresh, importModel };
});
