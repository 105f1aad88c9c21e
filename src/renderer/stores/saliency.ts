/**
 * Saliency: which run and images, which methods and options, the colour scale, computing maps as a
 * job, and the maps themselves (fetched per image and method, cached).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MapView, MapsOverview } from '../../shared/lab-api.ts';
import type { MethodId, PercentileInterpolation } from '../../shared/saliency.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../shared/saliency.ts';
import { DEFAULT_SCALE, type ScaleSpec } from '../../shared/color-scale.ts';
import { useClient } from '../api/client.ts';
import { useAppStore } from './app.ts';
import { useJobsStore } from './jobs.ts';

export const useSaliencyStore = defineStore('saliency', () => {
  const runId = ref<string | null>(null);
  const overview = ref<MapsOverview | null>(null);
  const methods = ref<MethodId[]>(['rectgrad', 'nobias-rectgrad']);
  const options = ref<{ q: number; paddingTrick: boolean; percentile: PercentileInterpolation }>({ q: DEFAULT_SALIENCY_OPTIONS.q, paddingTrick: true, percentile: 'nearest' });
  const limit = ref(40);
  const scale = ref<ScaleSpec>({ ...DEFAULT_SCALE });
  const selected = ref<number[]>([]);
  const maps = ref<Record<string, MapView>>({});
  const jobId = ref<string | null>(null);
  const wipe = ref<{ a: string; b: string; position: number; showDifference: boolean }>({ a: 'rectgrad', b: 'nobias-rectgrad', position: 0.5, showDifference: false });

  const available = computed(() => overview.value?.methods.map((m) => m.method) ?? []);
  const explainedIndices = computed(() => overview.value?.methods[0]?.indices ?? []);
  const job = computed(() => (jobId.value ? useJobsStore().jobs[jobId.value] ?? null : null));

  const key = (method: string, index: number) => `${runId.value}:${method}:${index}`;

  async function open(id: string | null): Promise<void> {
    runId.value = id;
    overview.value = null;
    maps.value = {};
    selected.value = [];
    if (id === null) return;
    const detail = useAppStore().take(await useClient().getRun({ runId: id }));
    if (detail === null || runId.value !== id) return;
    overview.value = detail.maps;
    selected.value = (detail.maps?.methods[0]?.indices ?? []).slice(0, 4);
    await loadSelected();
  }

  async function loadMap(method: string, index: number): Promise<MapView | null> {
    const k = key(method, index);
    if (maps.value[k] !== undefined) return maps.value[k];
    if (runId.value === null) return null;
    const r = await useClient().getMap({ runId: runId.value, method, index });
    if (!r.ok) return null;
    maps.value = { ...maps.value, [k]: r.value };
    return r.value;
  }

  async function loadSelected(): Promise<void> {
    await Promise.all(selected.value.flatMap((i) => available.value.map((m) => loadMap(m, i))));
  }

  function mapOf(method: string, index: number): MapView | null {
    return maps.value[key(method, index)] ?? null;
  }

  function toggleImage(index: number): void {
    selected.value = selected.value.includes(index) ? selected.value.filter((i) => i !== index) : [...selected.value, index].slice(-8);
    void loadSelected();
  }

  async function compute(): Promise<void> {
    if (runId.value === null) return;
    const id = runId.value;
    const r = useAppStore().take(await useClient().computeMaps({ runId: id, methods: methods.value, options: { ...options.value }, limit: limit.value }));
    if (r === null) return;
    jobId.value = r.jobId;
    const off = useJobsStore().onUpdate((j) => {
      if (j.id !== r.jobId || j.status === 'running') return;
      off();
      if (j.status === 'done' && runId.value === id) void open(id);
    });
  }

  return { runId, overview, methods, options, limit, scale, selected, maps, jobId, job, wipe, available, explainedIndices, open, loadMap, loadSelected, mapOf, toggleImage, compute };
});
