/**
 * The LabApi: every call and event between the renderer and the host, declared once (like tfjs'
 * kernel_names.ts). The Electron preload exposes one function per call; the web transport sends
 * `{ id, call, params }` over a WebSocket. Every call returns a Result; nothing throws across.
 */
import type { BackendInfo } from './engine.ts';
import type { BlackboxDatasetConfig, DatasetItem, DatasetManifest } from './dataset.ts';
import type { MethodSummary, RunManifest, TrainConfig, TrainEvent } from './run.ts';
import type { HistogramPair, ImageMetricsRow, PairedComparison } from './analysis.ts';
import type { MethodId, SaliencyOptions } from './saliency.ts';
import type { Result, SerializedError } from './result.ts';
import type { ExperimentInfo, ExperimentKind } from './experiments.ts';

export interface AppInfo {
  workspace: string;
  backend: BackendInfo | null;
  versions: Record<string, string>;
  /** Prefix of media URLs (dataset images, reports): `lab://media` in Electron, `/media` on the web. */
  mediaBase: string;
  recentWorkspaces: string[];
}

export type JobKind = 'dataset' | 'train' | 'maps' | 'report' | 'experiment';
export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobInfo {
  id: string;
  kind: JobKind;
  label: string;
  status: JobStatus;
  startedAt: string;
  progress: { done: number; total: number; stage: string; etaSeconds: number | null } | null;
  runId?: string;
  datasetId?: string;
  error?: SerializedError;
}

export interface RunDetail {
  manifest: RunManifest;
  events: TrainEvent[];
  /** Dataset indices of the run's test split. */
  testIndices: number[];
  /** Predicted class per dataset image, once training finished. */
  predictions: number[] | null;
  /** Logits per dataset image ([N][classes]; class 1 = "box"), once training finished; absent for older runs. */
  logits?: number[][] | null;
  maps: MapsOverview | null;
}

export interface MethodMapsOverview {
  method: string;
  timesInput: boolean;
  options: SaliencyOptions;
  indices: number[];
  summary: MethodSummary;
  histogram: HistogramPair;
  edges: number[];
}

export interface MapsOverview {
  methods: MethodMapsOverview[];
  comparisons: PairedComparison[];
}

export interface MapView {
  method: string;
  index: number;
  size: number;
  /** The map summed over channels, [size × size], row-major. */
  values: number[];
  metrics: ImageMetricsRow;
  histogram: HistogramPair;
}

/** Calls: name → params and result. */
export interface LabCalls {
  getInfo: { params: Record<string, never>; result: AppInfo };
  openWorkspace: { params: { path: string }; result: AppInfo };
  listDatasets: { params: Record<string, never>; result: DatasetManifest[] };
  getDatasetItems: { params: { datasetId: string }; result: DatasetItem[] };
  createDataset: { params: { config: BlackboxDatasetConfig }; result: { jobId: string } };
  deleteDataset: { params: { datasetId: string }; result: true };
  listRuns: { params: Record<string, never>; result: RunManifest[] };
  getRun: { params: { runId: string }; result: RunDetail };
  startTraining: { params: { datasetId: string; config: Partial<Omit<TrainConfig, 'datasetId'>> }; result: { jobId: string; runId: string } };
  resumeTraining: { params: { runId: string }; result: { jobId: string; runId: string } };
  computeMaps: { params: { runId: string; methods: MethodId[]; options: Partial<SaliencyOptions>; limit?: number }; result: { jobId: string } };
  getMap: { params: { runId: string; method: string; index: number }; result: MapView };
  writeReport: { params: { runId: string }; result: { path: string; url: string } };
  deleteRun: { params: { runId: string }; result: true };
  listJobs: { params: Record<string, never>; result: JobInfo[] };
  cancelJob: { params: { jobId: string }; result: true };
  /** The experiment kinds the host can run (src/main/host/experiments), with their stages. */
  listExperiments: { params: Record<string, never>; result: ExperimentInfo[] };
  /** Runs a kind end to end as one job; `config` is the kind's config (its schema fills the defaults). */
  startExperiment: { params: { kind: ExperimentKind; config?: Record<string, unknown> }; result: { jobId: string } };
}
export type LabCallName = keyof LabCalls;

/** Events pushed from the host. */
export interface LabEvents {
  job: JobInfo;
  train: { runId: string; event: TrainEvent };
}
export type LabEventName = keyof LabEvents;

/** What the renderer's client offers: one async function per call, plus event subscription. */
export type LabApi = { [K in LabCallName]: (params: LabCalls[K]['params']) => Promise<Result<LabCalls[K]['result']>> } & {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
};

export const LAB_CALL_NAMES = [
  'getInfo',
  'openWorkspace',
  'listDatasets',
  'getDatasetItems',
  'createDataset',
  'deleteDataset',
  'listRuns',
  'getRun',
  'startTraining',
  'resumeTraining',
  'computeMaps',
  'getMap',
  'writeReport',
  'deleteRun',
  'listJobs',
  'cancelJob',
  'listExperiments',
  'startExperiment',
] as const satisfies readonly LabCallName[];

export function isLabCallName(s: unknown): s is LabCallName {
  return typeof s === 'string' && (LAB_CALL_NAMES as readonly string[]).includes(s);
}

/** Channel names: the only place they are spelled (DESIGN.md: no string channels elsewhere). */
export const IPC_CHANNELS = {
  call: (name: LabCallName) => `lab:call:${name}`,
  event: 'lab:event',
  menu: 'lab:menu',
} as const;

/** Web transport messages. */
export type WsRequest = { id: number; call: LabCallName; params: unknown };
export type WsMessage = { id: number; result: Result<unknown> } | { event: LabEventName; payload: unknown };

/** Menu commands the native menu sends to the renderer. */
export type MenuCommand = 'export-png' | 'export-svg' | 'open-workspace' | 'workspace-changed' | 'show-datasets' | 'show-training' | 'show-saliency' | 'show-runs';
