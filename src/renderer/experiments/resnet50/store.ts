/**
 * A `resnet50` run (experiment 3) as its view shows it: the overview (model, preset and zero point,
 * top-5, per-method numbers), its maps and inputs fetched per image and cached decoded, the images the
 * table shows, the image whose Fig. 3b scatter shows, and the colour scale.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ModelRunView } from '../../../shared/lab-api.ts';
import { DEFAULT_SCALE, type ScaleSpec } from '../../../shared/color-scale.ts';
import { readView } from '../../api/experiment-view.ts';
import { decodeFloat32 } from '../../model-pixels.ts';
import { useAppStore } from '../../stores/app.ts';
import { useJobsStore } from '../../stores/jobs.ts';

export interface DecodedModelMap {
  method: string;
  index: number;
  size: number;
  values: Float32Array;
  scatter: { x: number[]; s: number[]; pixels: number };
}

/** The two halves of RectGrad the paper's Fig. 3b sets side by side. */
export const SCATTER_METHODS = ['rectgrad', 'nobias-rectgrad'] as const;

/** A run experiment 3 made. */
export function isModelRun(r: { experiment?: string }): boolean {
  return r.experiment === 'resnet50';
}

export const useResnet50Store = defineStore('resnet50', () => {
  const runId = ref<string | null>(null);
  const overview = ref<ModelRunView | null>(null);
  const maps = ref<Record<string, DecodedModelMap>>({});
  const inputs = ref<Record<number, Float32Array>>({});
  /** Rows of the images × methods table. */
  const shownCount = ref(4);
  const scatterIndex = ref(0);
  const scale = ref<ScaleSpec>({ ...DEFAULT_SCALE });
  /** Fig. 3b: both methods on one saliency axis. */
  const sharedScatterAxis = ref(false);
  let subscribed = false;

  const results = computed(() => overview.value?.results ?? null);
  const methods = computed(() => results.value?.methods.map((m) => m.method) ?? []);
  const imageCount = computed(() => results.value?.names.length ?? 0);
  const shownImages = computed(() => Array.from({ length: Math.min(shownCount.value, imageCount.value) }, (_, i) => i));
  const scatterMethods = computed(() => SCATTER_METHODS.filter((m) => methods.value.includes(m)));
  const job = computed(() => Object.values(useJobsStore().jobs).find((j) => j.runId === runId.value && j.status === 'running') ?? null);

  const key = (method: string, index: number) => `${runId.value}:${method}:${index}`;

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    useJobsStore().onUpdate((j) => {
      if (runId.value !== null && j.runId === runId.value && j.status !== 'running') void refresh();
    });
  }

  async function open(id: string | null): Promise<void> {
    subscribe();
    if (id !== runId.value) {
      runId.value = id;
      overview.value = null;
      maps.value = {};
      inputs.value = {};
      scatterIndex.value = 0;
    }
    await refresh();
  }

  async function refresh(): Promise<void> {
    const id = runId.value;
    if (id === null) return;
    const r = useAppStore().take(await readView('resnet50', 'run', { runId: id }));
    if (r === null || runId.value !== id) return;
    overview.value = r;
  }

  async function loadMap(method: string, index: number): Promise<DecodedModelMap | null> {
    const k = key(method, index);
    if (maps.value[k] !== undefined) return maps.value[k];
    const id = runId.value;
    if (id === null) return null;
    const r = await readView('resnet50', 'map', { runId: id, method, index });
    if (!r.ok) {
      useAppStore().report(r.error);
      return null;
    }
    if (runId.value !== id) return null;
    const m: DecodedModelMap = { method, index, size: r.value.size, values: decodeFloat32(r.value.values), scatter: r.value.scatter };
    maps.value = { ...maps.value, [k]: m };
    return m;
  }

  async function loadInput(index: number): Promise<Float32Array | null> {
    if (inputs.value[index] !== undefined) return inputs.value[index];
    const id = runId.value;
    if (id === null) return null;
    const r = await readView('resnet50', 'input', { runId: id, index });
    if (!r.ok || runId.value !== id) return null;
    const raw = decodeFloat32(r.value.raw);
    inputs.value = { ...inputs.value, [index]: raw };
    return raw;
  }

  function mapOf(method: string, index: number): DecodedModelMap | null {
    return maps.value[key(method, index)] ?? null;
  }

  /** Everything the table and the scatter need right now. */
  async function loadShown(): Promise<void> {
    if (results.value === null) return;
    const rows = [...shownImages.value];
    if (!rows.includes(scatterIndex.value) && scatterIndex.value < imageCount.value) rows.push(scatterIndex.value);
    await Promise.all(rows.flatMap((i) => [loadInput(i), ...methods.value.map((m) => loadMap(m, i))]));
  }

  return { runId, overview, results, maps, inputs, shownCount, scatterIndex, scale, sharedScatterAxis, methods, imageCount, shownImages, scatterMethods, job, subscribe, open, refresh, loadMap, loadInput, mapOf, loadShown };
});
