/**
 * Saliency: which run and images, which methods and options, the colour scale, computing maps as a
 * job, and the maps themselves (fetched per image and method, cached).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MapView, MapsOverview, RunDetail } from '../../../shared/lab-api.ts';
import type { MethodId, SaliencyOptions } from '../../../shared/saliency.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../shared/saliency.ts';
import { DEFAULT_SCALE, type ScaleSpec } from '../../../shared/color-scale.ts';
import type { MetricGroupId } from '../../../shared/metric-groups.ts';
import { startJob } from '../../api/experiment-job.ts';
import { readView } from '../../api/experiment-view.ts';
import { DEFAULT_DIFFERENCE_KIND, type DifferenceKind } from '../../map-math.ts';
import { useAppStore } from '../../stores/app.ts';
import { useJobsStore } from '../../stores/jobs.ts';

/** The options the form shows: every one that changes a map (the worker fills in the rest). */
export type MapOptionsForm = Pick<SaliencyOptions, 'q' | 'percentile' | 'paddingTrick' | 'steps' | 'baseline' | 'samples' | 'noiseLevel' | 'inner' | 'seed'>;

export const useSaliencyStore = defineStore('saliency', () => {
  const runId = ref<string | null>(null);
  const overview = ref<MapsOverview | null>(null);
  /** The run's predictions and logits per dataset image (for the predicted class on each row). */
  const detail = ref<Pick<RunDetail, 'predictions' | 'logits' | 'testIndices'> | null>(null);
  const methods = ref<MethodId[]>(['rectgrad', 'nobias-rectgrad']);
  const options = ref<MapOptionsForm>({
    q: DEFAULT_SALIENCY_OPTIONS.q,
    percentile: DEFAULT_SALIENCY_OPTIONS.percentile,
    paddingTrick: DEFAULT_SALIENCY_OPTIONS.paddingTrick,
    steps: DEFAULT_SALIENCY_OPTIONS.steps,
    baseline: DEFAULT_SALIENCY_OPTIONS.baseline,
    samples: DEFAULT_SALIENCY_OPTIONS.samples,
    noiseLevel: DEFAULT_SALIENCY_OPTIONS.noiseLevel,
    inner: DEFAULT_SALIENCY_OPTIONS.inner,
    seed: DEFAULT_SALIENCY_OPTIONS.seed,
  });
  const limit = ref(40);
  const scale = ref<ScaleSpec>({ ...DEFAULT_SCALE });
  /** Blend maps over a greyscale copy of the input (Captum's blended_heat_map). */
  const blend = ref(false);
  /** Histograms on a log y axis (the spike at 0 hides the tails otherwise). */
  const histogramLog = ref(false);
  /** The images the metrics table summarises (issue 21): all explained, correct / wrong predictions, or a box-size tertile. */
  const metricsGroup = ref<MetricGroupId>('all');
  const selected = ref<number[]>([]);
  const maps = ref<Record<string, MapView>>({});
  const jobId = ref<string | null>(null);
  /** The wipe compares two methods, so its difference is |A| − |B| unless the user picks the signed one (map-math.ts). */
  const wipe = ref<{ a: string; b: string; index: number | null; position: number; showDifference: boolean; differenceKind: DifferenceKind; overInput: boolean }>({
    a: 'rectgrad',
    b: 'nobias-rectgrad',
    index: null,
    position: 0.5,
    showDifference: false,
    differenceKind: DEFAULT_DIFFERENCE_KIND,
    overInput: true,
  });

  const available = computed(() => overview.value?.methods.map((m) => m.method) ?? []);
  const explainedIndices = computed(() => overview.value?.methods[0]?.indices ?? []);
  const job = computed(() => (jobId.value ? useJobsStore().jobs[jobId.value] ?? null : null));

  const key = (method: string, index: number) => `${runId.value}:${method}:${index}`;

  async function open(id: string | null): Promise<void> {
    runId.value = id;
    overview.value = null;
    detail.value = null;
    maps.value = {};
    selected.value = [];
    if (id === null) return;
    const d = useAppStore().take(await readView('blackbox', 'run', { runId: id }));
    if (d === null || runId.value !== id) return;
    overview.value = d.maps;
    detail.value = { predictions: d.predictions, logits: d.logits ?? null, testIndices: d.testIndices };
    selected.value = (d.maps?.methods[0]?.indices ?? []).slice(0, 4);
    const have = available.value;
    if (!have.includes(wipe.value.a) || !have.includes(wipe.value.b)) wipe.value = { ...wipe.value, a: have[0] ?? '', b: have[1] ?? have[0] ?? '' };
    wipe.value = { ...wipe.value, index: selected.value[0] ?? null };
    await loadSelected();
  }

  async function loadMap(method: string, index: number): Promise<MapView | null> {
    const k = key(method, index);
    if (maps.value[k] !== undefined) return maps.value[k];
    if (runId.value === null) return null;
    const r = await readView('blackbox', 'map', { runId: runId.value, method, index });
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
    if (wipe.value.index === null || !selected.value.includes(wipe.value.index)) wipe.value = { ...wipe.value, index: selected.value[0] ?? null };
    void loadSelected();
  }

  async function compute(): Promise<void> {
    if (runId.value === null) return;
    const id = runId.value;
    const r = useAppStore().take(await startJob('blackbox', 'maps', { runId: id, methods: methods.value, options: { ...options.value }, limit: limit.value }));
    if (r === null) return;
    jobId.value = r.jobId;
    const off = useJobsStore().onUpdate((j) => {
      if (j.id !== r.jobId || j.status === 'running') return;
      off();
      if (j.status === 'done' && runId.value === id) void open(id);
    });
  }

  return { runId, overview, detail, methods, options, limit, scale, blend, histogramLog, metricsGroup, selected, maps, jobId, job, wipe, available, explainedIndices, open, loadMap, loadSelected, mapOf, toggleImage, compute };
});
