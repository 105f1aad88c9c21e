/**
 * The LabApi: every call and event between the renderer and the host, declared once (like tfjs'
 * kernel_names.ts). The Electron preload exposes one function per call; the web transport sends
 * `{ id, call, params }` over a WebSocket. Every call returns a Result; nothing throws across.
 */
import type { BackendInfo } from './engine.ts';
import type { AnyDatasetManifest, DatasetItem, SkippedFile } from './dataset.ts';
import type { ConceptImageMetrics, ConceptMapsResult, ConceptMethodSummary, EyeglassesStyle, FacesDatasetManifest, VaeTrainEvent } from './faces.ts';
import type { MethodSummary, RunManifest, RunEvent } from './run.ts';
import type { HistogramPair, ImageMetricsRow, PairedComparison } from './analysis.ts';
import type { SaliencyOptions } from './saliency.ts';
import type { Result, SerializedError } from './result.ts';
import type { ExperimentInfo, ExperimentKind } from './experiments/index.ts';
import type { KerasGraph, ModelInspection, ModelManifest, ModelMethodNumbers, TopClass } from './models.ts';
import type { PreprocessingId } from './preprocessing.ts';
import type { SweepFile } from './sweep.ts';
import type { BatchAggregate, BatchExecutor, BatchMemberStatus, BatchRequest, BatchSubmitted, BatchSummary } from './batch.ts';
import type { ProgressUnits, RunProgress } from './progress.ts';

export interface AppInfo {
  workspace: string;
  backend: BackendInfo | null;
  versions: Record<string, string>;
  /** Prefix of media URLs (dataset images, reports): `lab://media` in Electron, `/media` on the web. */
  mediaBase: string;
  recentWorkspaces: string[];
}

export type JobKind = 'dataset' | 'train' | 'maps' | 'report' | 'experiment' | 'model' | 'batch';
export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobInfo {
  id: string;
  kind: JobKind;
  label: string;
  status: JobStatus;
  startedAt: string;
  /**
   * `etaSeconds` is the stage's; `run`, where the kind knows each stage's expected share, the whole run's
   * (every stage still to come). `unit` and `detail` say what the count is of ("902 / 4120 maps", "epoch 3 / 8").
   */
  progress: ({ done: number; total: number; stage: string; etaSeconds: number | null; run?: RunProgress } & ProgressUnits) | null;
  runId?: string;
  datasetId?: string;
  /** Experiment jobs: the kind they run (so a reloaded page finds its running experiment again). */
  experiment?: ExperimentKind;
  error?: SerializedError;
}

export interface RunDetail {
  manifest: RunManifest;
  events: RunEvent[];
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
  /**
   * Per explained image (order of `indices`): its metrics, so the app summarises a group of the images with
   * the worker's own function (issue 21, shared/metric-groups.ts). Bounded by the explained images. A value
   * that was NaN arrives as null (JSON): metric-groups.ts reads it back as NaN.
   */
  perImage: ImageMetricsRow[];
  /** Per explained image: is its map all zero (the paired test counts and names those)? Absent when it could not be told. */
  allZero?: boolean[];
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

/** Experiment 2 (VAE concept saliency): what the views of one run need, without its pixels. */
export interface ConceptRunView {
  manifest: RunManifest;
  dataset: FacesDatasetManifest;
  events: VaeTrainEvent[];
  /** Epochs whose reconstructions of the fixed test faces are stored (the 'reconstructions' view). */
  reconstructionEpochs: number[];
  concept: {
    attribute: string;
    perGroup: number;
    auroc: number;
    latent: 'mean' | 'sampled';
    testIndices: number[];
    testScores: number[];
    testLabels: number[];
    testStyles?: EyeglassesStyle[];
    aurocByStyle?: { dark: number | null; clear: number | null };
    /** Traversal strips μ + α·c: RGB uint8 [T, A, size, size, 3], base64. */
    traversal: { indices: number[]; alphas: number[]; size: number; rgb: string };
  } | null;
  maps: {
    methods: Array<{ method: string; timesInput: boolean; options: SaliencyOptions; indices: number[]; groups: EyeglassesStyle[]; summary: ConceptMethodSummary; perImage: ConceptImageMetrics[]; notHonoured?: string[] }>;
    comparisons: ConceptMapsResult['comparisons'];
  } | null;
}

/** The fixed test faces and their reconstructions (decoded μ) after one epoch: RGB uint8 [K, size, size, 3], base64. */
export interface ReconstructionsView {
  epoch: number;
  indices: number[];
  size: number;
  originals: string;
  reconstructions: string;
}

/** One concept-saliency map (experiment 2) with what Fig. 2b and the outline need. */
export interface ConceptMapView {
  method: string;
  index: number;
  group: EyeglassesStyle;
  size: number;
  /** The map summed over channels, [size × size], row-major. */
  values: number[];
  /** The input's channel mean in [0, 1] (black = 0, the zero point), [size × size]. */
  inputMean: number[];
  /** The eye region, 1 inside, [size × size]. */
  mask: number[];
  metrics: ConceptImageMetrics;
}

/** Experiment 3 (a `resnet50` run): what its views need, without the maps' pixels (the 'map' and 'input' views). */
export interface ModelRunView {
  manifest: RunManifest;
  /** Null until the maps stage has written model-maps.json (the run is still computing, or failed before). */
  results: ModelRunResults | null;
}

/** What a `resnet50` run's maps stage found (runs/<id>/model-maps.json), with class names. */
export interface ModelRunResults {
  inspection: ModelInspection;
  backend: BackendInfo;
  /** The preset the images were fed with, and the raw RGB in [0, 1] it maps to 0. */
  preset: PreprocessingId;
  zeroPoint: [number, number, number];
  /** Square input side. */
  size: number;
  options: SaliencyOptions;
  /** Image names (file names, or `generated-<seed>-<i>`), in the maps' order; `index` below is a position here. */
  names: string[];
  skipped: SkippedFile[];
  /** Each image's top-5 with ImageNet names where the model has 1000 outputs. */
  top5: Array<Array<TopClass & { name: string | null }>>;
  /** The class explained for each image, with its name. */
  targets: Array<{ index: number; name: string | null }>;
  /** True when the class was chosen by the run's config; false: each image's own top class. */
  targetFixed: boolean;
  /** Centres of the bins of the distance to the zero point (raw pixel units; src/shared/binning.ts). */
  bins: number[];
  /** The B + 1 bin edges, elements per bin (the same for every method), and the count a bin needs to be a method's `lowestBin`. */
  binEdges: number[];
  binCounts: number[];
  minBinCount: number;
  /** Per method, in the order they ran. */
  methods: Array<{ method: string } & ModelMethodNumbers>;
  /** Options the model could not honour. */
  notHonoured: string[];
}

/** One map of a `resnet50` run: summed over channels, as little-endian float32 in base64, with the Fig. 3b points. */
export interface ModelMapView {
  method: string;
  index: number;
  size: number;
  /** Float32 [size × size], row-major, base64. */
  values: string;
  /** Fig. 3b: preprocessed input (channel mean) and S (channel sum), at most ~1500 pixels on a stride, of the image's `pixels`. */
  scatter: { x: number[]; s: number[]; pixels: number };
}

/** One input image of a `resnet50` run: raw RGB in [0, 1] as little-endian float32 [size × size × 3], base64. */
export interface ModelInputView {
  index: number;
  name: string;
  size: number;
  raw: string;
}

/** A black-box run's suppressed-point sweep (runs/<id>/sweep.json), or null before one ran. */
export interface SweepView {
  manifest: RunManifest;
  sweep: SweepFile | null;
}

/** What starting a kind's job answers (experimentJob): its id and, for a job that makes a run, the run's id as soon as it exists. */
export interface JobStarted {
  jobId: string;
  runId?: string;
}

/** Calls: name → params and result. */
export interface LabCalls {
  getInfo: { params: Record<string, never>; result: AppInfo };
  openWorkspace: { params: { path: string }; result: AppInfo };
  /** Every dataset: black-box and faces (tell them apart by `kind`; black-box manifests may lack it). */
  listDatasets: { params: Record<string, never>; result: AnyDatasetManifest[] };
  getDatasetItems: { params: { datasetId: string }; result: DatasetItem[] };
  deleteDataset: { params: { datasetId: string }; result: true };
  listRuns: { params: Record<string, never>; result: RunManifest[] };
  /** Resumes a killed or cancelled run: an experiment's run at its next unfinished stage, a training from its last checkpoint. */
  resumeTraining: { params: { runId: string }; result: { jobId: string; runId: string } };
  /** Writes report.html; with `pdf` also prints report.pdf on `paper` (A4 unless told; issue 19). */
  writeReport: { params: { runId: string; pdf?: boolean; paper?: 'a4' | 'letter' }; result: { path: string; url: string; pdf?: { path: string; url: string } } };
  deleteRun: { params: { runId: string }; result: true };
  /** Renames a run, sets its tags or its note (issue 21); under the run's lock, refused while a process uses it. The manifest as stored. */
  updateRunInfo: { params: { runId: string; name?: string; tags?: string[]; notes?: string }; result: RunManifest };
  /** Writes the run (with its analyses' runs and its dataset) as `<workspace>/exports/<runId>.tgz`, served as media at `url` (issue 21). */
  exportRunArchive: { params: { runId: string }; result: { path: string; url: string; runs: string[]; datasets: string[]; bytes: number } };
  /** Unpacks a run archive (a path on the host's disk) into the workspace; refused whole when any of it is wrong. */
  importRunArchive: { params: { path: string }; result: { runs: string[]; datasets: string[]; keptDatasets: string[] } };
  listJobs: { params: Record<string, never>; result: JobInfo[] };
  cancelJob: { params: { jobId: string }; result: true };
  /** The experiment kinds the host can run (src/main/host/experiments), with their stages. */
  listExperiments: { params: Record<string, never>; result: ExperimentInfo[] };
  /** Runs a kind end to end as one job; `config` is the kind's config (its schema fills the defaults). */
  startExperiment: { params: { kind: ExperimentKind; config?: Record<string, unknown> }; result: { jobId: string } };
  /** Models in the workspace's cache (issue 9): Keras .h5, TF.js Layers and Graph models, with input size, preprocessing and classes. */
  listModels: { params: Record<string, never>; result: ModelManifest[] };
  /** Imports a model file, folder or URL into the cache as a job (a download can take a while). */
  importModel: { params: { source: string; name?: string; preprocessing?: PreprocessingId; kerasGraph?: KerasGraph }; result: { jobId: string } };
  /**
   * One view of a kind's results (issue 17): `view` names one the kind declares; `params` are checked by
   * that view's own schema. Every analysis kind has `result` ({ runId } → AnalysisResultView); every
   * kind's views with their params and results are in src/shared/experiments/views.ts (the renderer's
   * typed door: src/renderer/api/experiment-view.ts).
   */
  experimentView: { params: { kind: ExperimentKind; view: string; params?: Record<string, unknown> }; result: unknown };
  /**
   * Starts one of a kind's jobs (issue 17; the black box's: build a dataset, train, compute maps): `params`
   * are checked by the job's own schema (src/shared/experiments/jobs.ts, which types each kind's jobs; the
   * renderer's typed door is src/renderer/api/experiment-job.ts). Answers at once with the job's id, and
   * with the run's id for a job that makes a run.
   */
  experimentJob: { params: { kind: ExperimentKind; job: string; params?: Record<string, unknown> }; result: JobStarted };
  /** Batches in the workspace, newest first, and the kinds a batch can run (issue 22). */
  listBatches: { params: Record<string, never>; result: { kinds: string[]; batches: BatchSummary[] } };
  /** Plans and submits a batch; a local one runs as a job of this host (`jobId`), a Slurm one as an array job (`job`). */
  submitBatch: { params: BatchRequest; result: BatchSubmitted & { jobId?: string } };
  batchStatus: { params: { batch: string }; result: BatchMemberStatus[] };
  cancelBatch: { params: { batch: string }; result: { batch: string; cancelled: string[] } };
  /** Runs the members given (else every one not completed) again; each resumes its run. */
  resubmitBatch: { params: { batch: string; members?: number[] }; result: { batch: string; members: number[]; executor: BatchExecutor; job?: string; jobId?: string } };
  /** The aggregate over the completed members (seeds lines per grid point, missing and failed members), and its page. */
  collectBatch: { params: { batch: string; resamples?: number }; result: BatchAggregate & { url: string } };
}
export type LabCallName = keyof LabCalls;

/** Events pushed from the host. */
export interface LabEvents {
  job: JobInfo;
  train: { runId: string; event: RunEvent };
}
export type LabEventName = keyof LabEvents;

/** What the renderer's client offers: one async function per call, plus event subscription. */
export type LabApi = { [K in LabCallName]: (params: LabCalls[K]['params']) => Promise<Result<LabCalls[K]['result']>> } & {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
};

/**
 * Every call once, as the keys of a record typed by LabCallName: a call added to LabCalls but missing here
 * (and so from the IPC bridge and the web client) does not compile (issue 17).
 */
const LAB_CALLS: { readonly [K in LabCallName]: true } = {
  getInfo: true,
  openWorkspace: true,
  listDatasets: true,
  getDatasetItems: true,
  deleteDataset: true,
  listRuns: true,
  resumeTraining: true,
  writeReport: true,
  deleteRun: true,
  updateRunInfo: true,
  exportRunArchive: true,
  importRunArchive: true,
  listJobs: true,
  cancelJob: true,
  listExperiments: true,
  startExperiment: true,
  listModels: true,
  importModel: true,
  experimentView: true,
  experimentJob: true,
  listBatches: true,
  submitBatch: true,
  batchStatus: true,
  cancelBatch: true,
  resubmitBatch: true,
  collectBatch: true,
};
export const LAB_CALL_NAMES = Object.keys(LAB_CALLS) as readonly LabCallName[];

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
export type MenuCommand =
  | 'export-png'
  | 'export-svg'
  | 'open-workspace'
  | 'workspace-changed'
  | 'show-experiments'
  | 'show-datasets'
  | 'show-training'
  | 'show-saliency'
  | 'show-vae'
  | 'show-resnet50'
  | 'show-analyses'
  | 'show-batches'
  | 'show-runs';
