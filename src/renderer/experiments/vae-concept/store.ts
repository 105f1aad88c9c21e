/**
 * A VAE concept run (experiment 2) as its views show it: the overview (training events, concept, maps),
 * live training events while its experiment runs, reconstructions per epoch, and concept maps fetched
 * per face and method (cached).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ConceptMapView, ConceptRunView, ReconstructionsView } from '../../../shared/lab-api.ts';
import type { EyeglassesStyle, VaeTrainEvent } from '../../../shared/faces.ts';
import { isClassifierEvent } from '../../../shared/run.ts';
import { useClient } from '../../api/client.ts';
import { readView } from '../../api/experiment-view.ts';
import { useAppStore } from '../../stores/app.ts';
import { useJobsStore } from '../../stores/jobs.ts';

export type VaeTab = 'training' | 'concept' | 'maps';
export const GROUPS: readonly EyeglassesStyle[] = ['dark', 'clear', 'none'];

type EpochEvent = Extract<VaeTrainEvent, { type: 'epoch' }>;
type BatchEvent = Extract<VaeTrainEvent, { type: 'batch' }>;

/** Explained faces of each group, in the sidecar's order. */
export function facesByGroup(maps: ConceptRunView['maps']): Record<EyeglassesStyle, number[]> {
  const out: Record<EyeglassesStyle, number[]> = { dark: [], clear: [], none: [] };
  const first = maps?.methods[0];
  first?.indices.forEach((index, k) => out[first.groups[k]]?.push(index));
  return out;
}

export const useVaeStore = defineStore('vae', () => {
  const runId = ref<string | null>(null);
  const overview = ref<ConceptRunView | null>(null);
  const events = ref<VaeTrainEvent[]>([]);
  const tab = ref<VaeTab>('training');
  /** The epoch whose reconstructions show; null follows the latest. */
  const epoch = ref<number | null>(null);
  const reconstructions = ref<Record<number, ReconstructionsView>>({});
  const maps = ref<Record<string, ConceptMapView>>({});
  /** Faces shown per group in the maps table. */
  const perGroup = ref(2);
  /** The face whose Fig. 2b scatter shows. */
  const scatterIndex = ref<number | null>(null);
  let subscribed = false;

  const epochs = computed(() => events.value.filter((e): e is EpochEvent => e.type === 'epoch'));
  const lastBatch = computed(() => [...events.value].reverse().find((e): e is BatchEvent => e.type === 'batch') ?? null);
  const lastEpoch = computed(() => epochs.value[epochs.value.length - 1] ?? null);
  const epochsWithImages = computed(() => [...new Set(epochs.value.map((e) => e.epoch))].sort((a, b) => a - b));
  const shownEpoch = computed(() => epoch.value ?? epochsWithImages.value[epochsWithImages.value.length - 1] ?? null);
  const job = computed(() => Object.values(useJobsStore().jobs).find((j) => j.runId === runId.value && j.status === 'running') ?? null);
  const groups = computed(() => facesByGroup(overview.value?.maps ?? null));
  const methods = computed(() => overview.value?.maps?.methods.map((m) => m.method) ?? []);

  const key = (method: string, index: number) => `${runId.value}:${method}:${index}`;

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    useClient().on('train', ({ runId: id, event }) => {
      if (id !== runId.value || isClassifierEvent(event)) return;
      events.value = [...events.value, event];
      if (event.type === 'epoch' && epoch.value === null) void loadReconstructions(event.epoch);
    });
    useJobsStore().onUpdate((j) => {
      if (j.runId === runId.value && j.status !== 'running' && runId.value !== null) void refresh();
    });
  }

  async function open(id: string | null): Promise<void> {
    subscribe();
    if (id !== runId.value) {
      runId.value = id;
      overview.value = null;
      events.value = [];
      epoch.value = null;
      reconstructions.value = {};
      maps.value = {};
      scatterIndex.value = null;
    }
    await refresh();
  }

  async function refresh(): Promise<void> {
    const id = runId.value;
    if (id === null) return;
    const r = useAppStore().take(await readView('vae-concept', 'run', { runId: id }));
    if (r === null || runId.value !== id) return;
    overview.value = r;
    events.value = r.events;
    const g = facesByGroup(r.maps);
    if (scatterIndex.value === null) scatterIndex.value = g.dark[0] ?? g.clear[0] ?? g.none[0] ?? null;
    if (shownEpoch.value !== null) await loadReconstructions(shownEpoch.value);
  }

  async function loadReconstructions(e: number): Promise<void> {
    const id = runId.value;
    if (id === null || reconstructions.value[e] !== undefined) return;
    const r = await readView('vae-concept', 'reconstructions', { runId: id, epoch: e });
    if (r.ok && runId.value === id) reconstructions.value = { ...reconstructions.value, [e]: r.value };
  }

  function showEpoch(e: number | null): void {
    epoch.value = e;
    if (shownEpoch.value !== null) void loadReconstructions(shownEpoch.value);
  }

  async function loadMap(method: string, index: number): Promise<ConceptMapView | null> {
    const k = key(method, index);
    if (maps.value[k] !== undefined) return maps.value[k];
    const id = runId.value;
    if (id === null) return null;
    const r = await readView('vae-concept', 'map', { runId: id, method, index });
    if (!r.ok || runId.value !== id) return null;
    maps.value = { ...maps.value, [k]: r.value };
    return r.value;
  }

  function mapOf(method: string, index: number): ConceptMapView | null {
    return maps.value[key(method, index)] ?? null;
  }

  /** The faces the maps table shows: the first `perGroup` of each group. */
  const shownFaces = computed(() => GROUPS.map((g) => ({ group: g, indices: groups.value[g].slice(0, perGroup.value) })));

  async function loadShown(): Promise<void> {
    const wanted = shownFaces.value.flatMap((g) => g.indices);
    if (scatterIndex.value !== null && !wanted.includes(scatterIndex.value)) wanted.push(scatterIndex.value);
    await Promise.all(wanted.flatMap((i) => methods.value.map((m) => loadMap(m, i))));
  }

  return { runId, overview, events, tab, epoch, reconstructions, maps, perGroup, scatterIndex, epochs, lastBatch, lastEpoch, epochsWithImages, shownEpoch, job, groups, methods, shownFaces, subscribe, open, refresh, loadReconstructions, showEpoch, loadMap, mapOf, loadShown };
});
