/** Datasets: the list, the selected dataset's items, gallery filters, and creating new ones. */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { AnyDatasetManifest, BlackboxDatasetConfig, DatasetItem } from '../../shared/dataset.ts';
import type { FaceItem, FacesDatasetManifest } from '../../shared/faces.ts';
import type { RunDetail } from '../../shared/lab-api.ts';
import { useClient } from '../api/client.ts';
import { startJob } from '../api/experiment-job.ts';
import { readView } from '../api/experiment-view.ts';
import { useAppStore } from './app.ts';
import { useJobsStore } from './jobs.ts';
import { ALL_FACES, ALL_ITEMS, type FacesFilter, type GalleryFilter, filterFaces, filterItems } from './gallery-filter.ts';

/** A faces dataset (experiment 2); black-box manifests written before kinds existed have no `kind`. */
export function isFacesDataset(d: AnyDatasetManifest | null | undefined): d is FacesDatasetManifest {
  return d?.kind === 'faces';
}

export const useDatasetsStore = defineStore('datasets', () => {
  const list = ref<AnyDatasetManifest[]>([]);
  const selectedId = ref<string | null>(null);
  const items = ref<DatasetItem[]>([]);
  const filter = ref<GalleryFilter>({ ...ALL_ITEMS });
  const faces = ref<FaceItem[]>([]);
  const facesFilter = ref<FacesFilter>({ ...ALL_FACES, attributes: {} });
  const showBoxes = ref(true);
  const enlarged = ref<number | null>(null);
  /** The trained run whose split and predictions the gallery's filters use (the user can pick it). */
  const filterRunId = ref<string | null>(null);
  /** Completed runs on the selected dataset, newest first: the choices for `filterRunId`. */
  const trainedRuns = ref<Array<{ id: string; createdAt: string }>>([]);
  const modelRun = ref<Pick<RunDetail, 'testIndices' | 'predictions' | 'logits'> & { runId: string } | null>(null);
  const creatingJob = ref<string | null>(null);

  const selected = computed(() => list.value.find((d) => d.id === selectedId.value) ?? null);
  const visible = computed(() => (isFacesDataset(selected.value) ? filterFaces(faces.value, facesFilter.value) : filterItems(items.value, filter.value, modelRun.value)));

  async function refresh(): Promise<void> {
    const r = useAppStore().take(await useClient().listDatasets({}));
    if (r === null) return;
    list.value = r;
    if (selectedId.value === null || !r.some((d) => d.id === selectedId.value)) selectedId.value = r[0]?.id ?? null;
  }

  async function loadItems(): Promise<void> {
    items.value = [];
    faces.value = [];
    modelRun.value = null;
    trainedRuns.value = [];
    if (selectedId.value === null) return;
    const id = selectedId.value;
    if (isFacesDataset(selected.value)) {
      const f = useAppStore().take(await readView('vae-concept', 'faces', { datasetId: id }));
      if (f !== null && selectedId.value === id) faces.value = f;
      return;
    }
    const r = useAppStore().take(await useClient().getDatasetItems({ datasetId: id }));
    if (r !== null && selectedId.value === id) items.value = r;
    await loadTrainedRuns();
  }

  /** Refreshes the runs the filters can use; keeps the user's pick while it still exists. */
  async function loadTrainedRuns(): Promise<void> {
    const id = selectedId.value;
    if (isFacesDataset(selected.value)) return;
    const runs = await useClient().listRuns({});
    if (!runs.ok || selectedId.value !== id) return;
    trainedRuns.value = runs.value
      .filter((run) => run.datasetId === id && run.status === 'completed' && run.config.model === 'blackbox-cnn')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((run) => ({ id: run.id, createdAt: run.createdAt }));
    if (!trainedRuns.value.some((t) => t.id === filterRunId.value)) filterRunId.value = trainedRuns.value[0]?.id ?? null;
    if (modelRun.value?.runId !== filterRunId.value) await loadModelRun();
  }

  async function loadModelRun(): Promise<void> {
    const runId = filterRunId.value;
    if (runId === null) {
      modelRun.value = null;
      return;
    }
    const detail = await readView('blackbox', 'run', { runId });
    if (detail.ok && filterRunId.value === runId) modelRun.value = { runId, testIndices: detail.value.testIndices, predictions: detail.value.predictions, logits: detail.value.logits ?? null };
  }

  watch(selectedId, () => void loadItems());
  watch(filterRunId, (id) => {
    if (modelRun.value?.runId !== id) void loadModelRun();
  });

  async function create(config: BlackboxDatasetConfig): Promise<string | null> {
    const r = useAppStore().take(await startJob('blackbox', 'dataset', { config }));
    if (r === null) return null;
    creatingJob.value = r.jobId;
    const off = useJobsStore().onUpdate((job) => {
      if (job.id !== r.jobId || job.status === 'running') return;
      off();
      creatingJob.value = null;
      void refresh().then(() => {
        if (job.status === 'done') selectedId.value = list.value[0]?.id ?? null;
      });
    });
    return r.jobId;
  }

  async function remove(id: string): Promise<void> {
    if (useAppStore().take(await useClient().deleteDataset({ datasetId: id })) !== null) await refresh();
  }

  return { list, selectedId, selected, items, faces, facesFilter, filter, showBoxes, enlarged, filterRunId, trainedRuns, modelRun, visible, creatingJob, refresh, loadItems, loadTrainedRuns, loadModelRun, create, remove };
});
