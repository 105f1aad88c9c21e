/** Experiment 1 (the black box): its config (defaults filled here, once; the run records exactly what ran) and its worker calls. */
import { z } from 'zod';
import { DEFAULT_BLACKBOX_DATASET } from '../dataset.ts';
import { BlackboxDatasetConfigSchema } from '../schemas/dataset.ts';
import { TrainOptionsSchema } from '../schemas/run.ts';
import { IdSchema, intIn } from '../schemas/common.ts';
import { MapsRequestSchema } from '../schemas/lab-api.ts';
import { MethodNameSchema, SaliencyOptionsSchema } from '../schemas/saliency.ts';
import { ExperimentMapsSchema, RunViewParamsSchema, withDefaults } from './common.ts';
import type { BlackboxDatasetConfig, SkippedFile } from '../dataset.ts';
import type { BackendInfo } from '../engine.ts';
import type { MethodId, SaliencyOptions } from '../saliency.ts';
import type { TrainConfig, TrainEvent, TrainPreprocessing } from '../run.ts';
import type { ImageMetricsRow, MapsResult } from '../analysis.ts';
import type { BoxRect } from '../dataset.ts';
import type { ProgressEvent } from '../progress.ts';

/** Experiment 1 (METHODS.md, paper Fig. 1): dataset → training → maps → metrics → report. */
export const BlackboxExperimentConfigSchema = z.strictObject({
  dataset: z.preprocess(withDefaults(DEFAULT_BLACKBOX_DATASET), BlackboxDatasetConfigSchema),
  train: TrainOptionsSchema.prefault({}),
  maps: ExperimentMapsSchema.prefault({}),
  quick: z.boolean().default(false).describe('a small run for trying it out'),
});
export type BlackboxExperimentConfig = z.output<typeof BlackboxExperimentConfigSchema>;
export type BlackboxExperimentInput = z.input<typeof BlackboxExperimentConfigSchema>;

/** The methods "Explain this" computes unless told: both halves of the RectGrad pair and the plain gradient. */
export const EXPLAIN_METHODS = ['rectgrad', 'nobias-rectgrad', 'gradient'] as const satisfies readonly MethodId[];

/** The params of the app's views of a black-box run (experimentView blackbox VIEW; results in views.ts). */
export const BlackboxViewParams = {
  /** The run as the Training and Saliency views show it: manifest, events, split, predictions and the maps' overview (RunDetail). */
  run: RunViewParamsSchema,
  /** The Saliency Cards of the run's methods. */
  cards: RunViewParamsSchema,
  /** The snapshot index (epochs and their numbers), or null. */
  snapshots: RunViewParamsSchema,
  /** One stored map of the run's maps stage (one image, one method), summed over channels, with its row of metrics. */
  map: z.strictObject({ runId: IdSchema, method: MethodNameSchema, index: intIn(0, 2 ** 31 - 1) }),
  /** One epoch's snapshot maps. */
  snapshot: z.strictObject({ runId: IdSchema, epoch: intIn(1, 100_000) }),
  /**
   * Issue 21: the maps of any one dataset image (train or test, box or none), computed now with the run's
   * model and not stored: the gallery's "Explain this". Each method at most once (the list is bounded by
   * the methods there are); the options are defaulted like a run's.
   */
  explain: z.strictObject({
    runId: IdSchema,
    index: intIn(0, 2 ** 31 - 1),
    methods: MapsRequestSchema.shape.methods.default([...EXPLAIN_METHODS]),
    options: SaliencyOptionsSchema.prefault({}),
  }),
} as const;

/**
 * The jobs the app starts on the black box (experimentJob blackbox JOB; results in jobs.ts): build a
 * dataset, train the classifier on one (the call answers with the run's id as soon as it exists), and
 * compute a trained run's maps.
 */
export const BlackboxJobParams = {
  dataset: z.strictObject({ config: BlackboxDatasetConfigSchema }),
  train: z.strictObject({ datasetId: IdSchema, config: TrainOptionsSchema }),
  maps: MapsRequestSchema.extend({ runId: IdSchema }),
} as const;

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

/**
 * One image explained on demand (issue 21): the run's data, split and preprocessing, the dataset index
 * (any image) and the methods. Nothing is written: the run's saved maps stay as they are.
 */
export interface ExplainImageJob extends Required<Pick<MapsJob, 'datasetDir' | 'datasetSize' | 'runDir' | 'testFraction' | 'seed' | 'preprocessing'>> {
  index: number;
  methods: MethodId[];
  options: SaliencyOptions;
}

/** One method's map of the image, as the worker gives it. */
export interface ExplainedMethod {
  method: MethodId;
  /** Whether the map ends with × input (its own choice or options.timesInput). */
  timesInput: boolean;
  seconds: number;
  /** The map summed over channels, [size × size] row-major (what the app draws; the channels stay unsent). */
  map: Float32Array;
  /** The box metrics of this map (METHODS.md "Metrics"); null when the image has no box. */
  metrics: ImageMetricsRow | null;
  /** What the model could not do as the method asked, one line each. */
  notHonoured: string[];
}

export interface ExplainImageResult {
  index: number;
  size: number;
  /** Whether the image is in the run's test split or its training images. */
  split: 'train' | 'test';
  /** The dataset's label (0 no box, 1 box) and the pasted box, if any. */
  label: number;
  box: BoxRect | null;
  /** The explained score: the class logit BOX_LOGIT ("box"). */
  target: number;
  /** The model's logits for this image at the checkpoint that explained it, and its predicted class. */
  logits: number[];
  prediction: number;
  methods: ExplainedMethod[];
}

/** Experiment 1's worker calls (src/worker/experiments/blackbox/handlers.ts). */
export interface BlackboxWorkerCalls {
  buildDataset: { params: BuildDatasetJob; event: ProgressEvent; result: BuildDatasetResult };
  train: { params: TrainJob; event: TrainEvent; result: TrainResult };
  computeMaps: { params: MapsJob; event: ProgressEvent; result: MapsResult };
  explainImage: { params: ExplainImageJob; event: ProgressEvent; result: ExplainImageResult };
}

/**
 * Backward passes one ad-hoc explanation may take over all its methods (IG's steps, SmoothGrad's samples,
 * both multiplied when SmoothGrad wraps IG): it answers a click, so a request that would run for minutes
 * is refused in one line instead. Every method at its defaults (50 steps, 50 samples) takes about a hundred.
 */
export const EXPLAIN_MAX_PASSES = 5000;

/** One image's maps as the app reads them (experimentView blackbox 'explain'). */
export interface ExplainView extends Omit<ExplainImageResult, 'target' | 'methods'> {
  runId: string;
  /** The explained logit: its class index and name. */
  target: { index: number; name: string };
  /** The options the maps were computed with (defaults filled in). */
  options: SaliencyOptions;
  /** Each method's map as channel-summed little-endian float32 [size × size] in base64 (a quarter of its three channels as JSON numbers). */
  methods: Array<Omit<ExplainedMethod, 'map'> & { values: string }>;
}

/** Methods a per-epoch snapshot maps (issue 18): both halves of the RectGrad pair and the plain gradient. */
export const SNAPSHOT_METHODS = ['rectgrad', 'nobias-rectgrad', 'gradient'] as const satisfies readonly MethodId[];
export const SNAPSHOTS_DIR = 'snapshots';
export const SNAPSHOT_INDEX = 'index.json';

/** runs/<id>/snapshots/index.json: the fixed images and, per finished epoch, its maps file and numbers. */
export interface SnapshotIndex {
  methods: string[];
  /** Dataset indices of the fixed images (the run's first test images with a box). */
  indices: number[];
  size: number;
  epochs: Array<{
    epoch: number;
    /** epoch-NNN.npy: channel-summed maps [methods, images, size, size], float32. */
    file: string;
    /** Per method: medians over the fixed images with their n, and each image's box share (null: an all-zero map). */
    metrics: Record<string, { boxMassShare: number | null; zeroFractionInBox: number | null; n: number; boxMassShares?: Array<number | null> }>;
  }>;
}

/** One snapshot as the app reads it (experimentView blackbox 'snapshot'): every method's maps of the fixed images. */
export interface SnapshotView {
  epoch: number;
  size: number;
  indices: number[];
  /** Per method: the images' channel-summed maps, each [size × size] little-endian float32 in base64. */
  maps: Record<string, string[]>;
  metrics: SnapshotIndex['epochs'][number]['metrics'];
}
