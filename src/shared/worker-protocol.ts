/**
 * The typed, seq-tagged protocol between the main process and worker threads (DESIGN.md). Every call
 * is declared once here: its params, its events and its result. Float32Array buffers are transferred.
 */
import type { BackendChoice, BackendInfo } from './engine.ts';
import type { Completeness, MethodId, SaliencyOptions } from './saliency.ts';
import type { Result } from './result.ts';
import type { BlackboxDatasetConfig, SkippedFile } from './dataset.ts';
import type { TrainConfig, TrainEvent, TrainPreprocessing } from './run.ts';
import type { MapsResult } from './analysis.ts';
import type { PreprocessingId } from './preprocessing.ts';
import type { SweepResult } from './sweep.ts';
import type { KerasGraph, ModelInspection, ModelMapsJob, ModelMapsResult, ModelRef } from './models.ts';
import type { BuildFacesJob, BuildFacesResult, ConceptJob, ConceptMapsJob, ConceptMapsResult, ConceptResult, VaeTrainEvent, VaeTrainJob, VaeTrainResult } from './faces.ts';

export interface BuildDatasetJob {
  config: BlackboxDatasetConfig;
  /** Folder the worker writes images.bin and items.json into; the host publishes it. */
  stagingDir: string;
}

export interface BuildDatasetResult {
  sourceDescription: string;
  withBox: number;
  withoutBox: number;
  skipped: SkippedFile[];
}

export interface TrainJob {
  datasetDir: string;
  datasetSize: number;
  runDir: string;
  config: TrainConfig;
  resume: boolean;
}

export interface TrainResult {
  epochsDone: number;
  resumedFrom: number;
  testAccuracy: number;
  testLoss: number;
  trainCount: number;
  testIndices: number[];
  /** Predicted class for every dataset image (for the gallery's correct / wrong filter). */
  predictions: number[];
  /** The model's logits for every dataset image (rounded to 5 significant digits), [N][classes]. */
  logits?: number[][];
  backend: BackendInfo;
}

export interface MapsJob {
  datasetDir: string;
  datasetSize: number;
  runDir: string;
  methods: MethodId[];
  options: SaliencyOptions;
  /** Test fraction and seed of the run, to recover its split. */
  testFraction: number;
  seed: number;
  /** At most this many test images with a box (all when undefined). */
  limit?: number;
  /** The run's input preprocessing (issue 9); 'unit' when absent. Maps are of the model-space input. */
  preprocessing?: TrainPreprocessing;
}

/** The suppressed-point sweep (issue 9) of a trained run: its RectGrad pair under its own and other presets. */
export interface SweepJob {
  datasetDir: string;
  datasetSize: number;
  runDir: string;
  testFraction: number;
  seed: number;
  /** What the model was trained on; its preset's panel comes first. */
  preprocessing: TrainPreprocessing;
  /** Other presets to feed the same model (the run's own is skipped if listed). */
  presets: PreprocessingId[];
  bins: number;
  /** Bins with fewer elements take no part in "lowest" (src/shared/binning.ts). */
  minBinCount: number;
  /** At most this many test images with a box. */
  limit: number;
  options: SaliencyOptions;
}

export interface SaliencyFileJob {
  modelPath: string;
  inputPath: string;
  method: MethodId;
  options: SaliencyOptions;
  target?: number;
  batchSize?: number;
  /** Keras ResNet .h5 only: the graph to build (issue 15, item 3). */
  kerasGraph?: KerasGraph;
}

export interface SaliencyFileResult {
  map: Float32Array;
  /** Shape of the input as given ([H,W,C] or [N,H,W,C]); the map has the same shape. */
  shape: number[];
  targets: number[];
  timesInput: boolean;
  backend: BackendInfo;
  /** Options the model could not honour (a GraphModel has no place for the padding trick), one line each. */
  notHonoured?: string[];
  /** What was loaded (kind, architecture). */
  model?: ModelInspection;
  /** Integrated Gradients: per map, Σ attribution against f(x) − f(x₀) (issue 15); absent for other methods. */
  completeness?: Completeness[];
}

export interface ProgressEvent {
  type: 'progress';
  done: number;
  total: number;
  stage: string;
}

/** Every call a worker answers: params, the events it may emit while running, and its result. */
export interface WorkerCalls {
  init: { params: { backend: BackendChoice }; event: never; result: BackendInfo };
  saliencyFromFiles: { params: SaliencyFileJob; event: ProgressEvent; result: SaliencyFileResult };
  buildDataset: { params: BuildDatasetJob; event: ProgressEvent; result: BuildDatasetResult };
  train: { params: TrainJob; event: TrainEvent; result: TrainResult };
  computeMaps: { params: MapsJob; event: ProgressEvent; result: MapsResult };
  /** Experiment 2 (faces, VAE, concept saliency): payloads in faces.ts. */
  buildFaces: { params: BuildFacesJob; event: ProgressEvent; result: BuildFacesResult };
  trainVae: { params: VaeTrainJob; event: VaeTrainEvent; result: VaeTrainResult };
  concept: { params: ConceptJob; event: ProgressEvent; result: ConceptResult };
  conceptMaps: { params: ConceptMapsJob; event: ProgressEvent; result: ConceptMapsResult };
  /** Issue 9: load a model file (Keras .h5, TF.js Layers or Graph model) and say what it is. */
  inspectModel: { params: ModelRef & { size?: number }; event: never; result: ModelInspection };
  /** Experiment 3's maps stage (src/shared/models.ts). */
  modelMaps: { params: ModelMapsJob; event: ProgressEvent; result: ModelMapsResult };
  sweep: { params: SweepJob; event: ProgressEvent; result: SweepResult };
}
export type WorkerCallName = keyof WorkerCalls;

/**
 * `cancelFlag` is a 4-byte SharedArrayBuffer the host sets to 1 to cancel: the worker reads it with
 * Atomics.load between batches, so cancelling works even while the worker is busy in synchronous
 * TF.js work and cannot receive messages.
 */
export type ToWorker = { kind: 'call'; seq: number; name: WorkerCallName; params: unknown; cancelFlag: SharedArrayBuffer };

export type FromWorker =
  | { kind: 'result'; seq: number; result: Result<unknown> }
  | { kind: 'event'; seq: number; event: unknown }
  /** 'trace' lines are only sent when SBL_TRACE is set (see src/main/host/trace.ts). */
  | { kind: 'log'; level: 'trace' | 'info' | 'warn' | 'error'; message: string };

/** Every worker call once, as record keys typed by WorkerCallName: a missing call does not compile. */
const WORKER_CALLS: { readonly [K in WorkerCallName]: true } = {
  init: true,
  saliencyFromFiles: true,
  buildDataset: true,
  train: true,
  computeMaps: true,
  buildFaces: true,
  trainVae: true,
  concept: true,
  conceptMaps: true,
  inspectModel: true,
  modelMaps: true,
  sweep: true,
};
export const WORKER_CALL_NAMES = Object.keys(WORKER_CALLS) as readonly WorkerCallName[];

export function isWorkerCallName(s: unknown): s is WorkerCallName {
  return typeof s === 'string' && (WORKER_CALL_NAMES as readonly string[]).includes(s);
}
