/** Runs: the list with status, config and metrics; compare two; delete; open the report. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunManifest } from '../../shared/run.ts';
import { useClient } from '../api/client.ts';
import { useAppStore } from './app.ts';

export const useRunsStore = defineStore('runs', () => {
  const list = ref<RunManifest[]>([]);
  const compare = ref<string[]>([]);
  const lastReportUrl = ref<string | null>(null);

  const comparing = computed(() => compare.value.map((id) => list.value.find((r) => r.id === id)).filter((r): r is RunManifest => r !== undefined));

  async function refresh(): Promise<void> {
    const r = useAppStore().take(await useClient().listRuns({}));
    if (r !== null) {
      list.value = r;
      compare.value = compare.value.filter((id) => r.some((x) => x.id === id));
    }
  }

  function toggleCompare(id: string): void {
    compare.value = compare.value.includes(id) ? compare.value.filter((x) => x !== id) : [...compare.value, id].slice(-2);
  }

  /** Deletes after the caller has confirmed with the user. */
  async function remove(id: string): Promise<boolean> {
    const ok = useAppStore().take(await useClient().deleteRun({ runId: id })) !== null;
    if (ok) await refresh();
    return ok;
  }

  async function report(id: string): Promise<string | null> {
    const r = useAppStore().take(await useClient().writeReport({ runId: id }));
    lastReportUrl.value = r?.url ?? null;
    return lastReportUrl.value;
  }

  return { list, compare, comparing, lastReportUrl, refresh, toggleCompare, remove, report };
});
