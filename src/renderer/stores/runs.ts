/**
 * Runs: the list with status, config and metrics; names a person can tell apart and a colour per run;
 * several runs ticked for comparison (curves and metrics), with their details fetched on demand; delete;
 * open the report.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunManifest } from '../../shared/run.ts';
import type { LabCalls, RunDetail } from '../../shared/lab-api.ts';
import { useClient } from '../api/client.ts';
import { readView } from '../api/experiment-view.ts';
import { isClassifierRun } from '../run-kinds.ts';
import { useAppStore } from './app.ts';
import { useDatasetsStore } from './datasets.ts';
import { runColours, runLabels, shortId } from '../run-identity.ts';

/** How many runs can be compared at once (the palette has ten distinct colours). */
export const MAX_COMPARE = 10;

export const useRunsStore = defineStore('runs', () => {
  const list = ref<RunManifest[]>([]);
  const compare = ref<string[]>([]);
  const lastReportUrl = ref<string | null>(null);
  /** Details (events, maps overview) of compared runs, by id; refetched when a run's updatedAt moves. */
  const details = ref<Record<string, RunDetail>>({});

  const comparing = computed(() => compare.value.map((id) => list.value.find((r) => r.id === id)).filter((r): r is RunManifest => r !== undefined));
  const colours = computed(() => runColours(list.value));
  const labels = computed(() => runLabels(list.value, Object.fromEntries(useDatasetsStore().list.map((d) => [d.id, d.name]))));

  function colourOf(id: string | null | undefined): string {
    return (id && colours.value[id]) || '#888';
  }
  function labelOf(id: string | null | undefined): string {
    if (!id) return '–';
    return labels.value[id] ?? list.value.find((r) => r.id === id)?.name ?? id;
  }

  /** Dataset ids already looked up once for a run's label (a run whose dataset is gone does not ask on every refresh). */
  const askedDatasets = new Set<string>();

  async function refresh(): Promise<void> {
    const r = useAppStore().take(await useClient().listRuns({}));
    if (r !== null) {
      // A run's label names its dataset: a run whose dataset the app has not listed yet (an experiment
      // builds its dataset first) waits for the datasets, so it never shows the id and then the name.
      const datasets = useDatasetsStore();
      const unknown = r.map((x) => x.datasetId).filter((id) => !askedDatasets.has(id) && !datasets.list.some((d) => d.id === id));
      if (unknown.length > 0) {
        unknown.forEach((id) => askedDatasets.add(id));
        await datasets.refresh();
      }
      list.value = r;
      compare.value = compare.value.filter((id) => r.some((x) => x.id === id));
      void loadDetails();
    }
  }

  async function loadDetails(): Promise<void> {
    await Promise.all(
      // The curves compared are the classifier's (the black box's run view); other kinds compare by their numbers.
      comparing.value.filter(isClassifierRun).map(async (run) => {
        const have = details.value[run.id];
        if (have !== undefined && have.manifest.updatedAt === run.updatedAt) return;
        const d = await readView('blackbox', 'run', { runId: run.id });
        if (d.ok) details.value = { ...details.value, [run.id]: d.value };
      }),
    );
  }

  function toggleCompare(id: string): void {
    compare.value = compare.value.includes(id) ? compare.value.filter((x) => x !== id) : [...compare.value, id].slice(-MAX_COMPARE);
    void loadDetails();
  }

  /** Deletes after the caller has confirmed with the user. */
  async function remove(id: string): Promise<boolean> {
    const ok = useAppStore().take(await useClient().deleteRun({ runId: id })) !== null;
    if (ok) await refresh();
    return ok;
  }

  /** Writes the run's report (and prints it as PDF when asked); the URL to open, or null on a refusal. */
  async function report(id: string, pdf = false): Promise<string | null> {
    const r = useAppStore().take(await useClient().writeReport(pdf ? { runId: id, pdf: true } : { runId: id }));
    lastReportUrl.value = (pdf ? r?.pdf?.url : r?.url) ?? null;
    return lastReportUrl.value;
  }

  /** Renames, tags or notes a run (issue 21); the run's row takes the stored manifest. Null on a refusal. */
  async function updateInfo(runId: string, patch: { name?: string; tags?: string[]; notes?: string }): Promise<RunManifest | null> {
    const r = useAppStore().take(await useClient().updateRunInfo({ runId, ...patch }));
    if (r !== null) list.value = list.value.map((x) => (x.id === runId ? { ...r, broken: x.broken } : x));
    return r;
  }

  /** The last run archive written (issue 21): its download link. */
  const lastArchive = ref<LabCalls['exportRunArchive']['result'] | null>(null);
  async function exportArchive(runId: string): Promise<LabCalls['exportRunArchive']['result'] | null> {
    const r = useAppStore().take(await useClient().exportRunArchive({ runId }));
    if (r !== null) lastArchive.value = r;
    return r;
  }

  /** Imports a run archive from a path on the host's disk; the runs list is read again. */
  async function importArchive(path: string): Promise<LabCalls['importRunArchive']['result'] | null> {
    const r = useAppStore().take(await useClient().importRunArchive({ path }));
    if (r !== null) await refresh();
    return r;
  }

  return { list, compare, comparing, details, colours, labels, lastReportUrl, lastArchive, colourOf, labelOf, shortId, refresh, loadDetails, toggleCompare, remove, report, updateInfo, exportArchive, importArchive };
});
