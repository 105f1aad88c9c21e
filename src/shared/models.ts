/**
 * Models the lab can explain besides the ones it trains (issue 9): Keras .h5 weights of a ResNet v1
 * (keras.applications' ResNet50 file), any TF.js LayersModel, and TF.js GraphModels (what
 * tensorflowjs_converter writes from a SavedModel). Imported models live in the workspace's model cache,
 * `models/<id>/` with a manifest.
 */
import type { SkippedFile } from './dataset.ts';
import type { BackendInfo } from './engine.ts';
import type { PreprocessingId } from './preprocessing.ts';
import type { MethodId, SaliencyOptions } from './saliency.ts';

export const MODEL_KINDS = ['keras-h5', 'layers', 'graph'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/**
 * The two graphs the original (Keras-1-named) ResNet50 weight file has been run on (issue 15, item 3).
 * keras-applications added `ZeroPadding2D(1, name='pool1_pad')` before the stem's 3×3/2 max-pool on
 * 2018-08-31 ("Add missing `ZeroPadding2D` in ResNet50", #30), released in 1.0.6 (Keras ≥ 2.2.3), with the
 * same weight file; its README's ImageNet top-1 error went from 25.296 % to 25.072 %. Keras 1 and
 * keras-applications ≤ 1.0.4 (Keras ≤ 2.2.2) pooled without it. At 224 × 224 the pool gives 56 × 56 with
 * the padding and 55 × 55 without; everything downstream differs by one pixel row and column until the
 * stride-2 stages meet again at 7 × 7. tf.keras files (conv1_conv, …) were only ever built padded.
 */
export const KERAS_GRAPHS = ['pool1-pad', 'no-pool1-pad'] as const;
export type KerasGraph = (typeof KERAS_GRAPHS)[number];
/** The padded graph: the one keras-applications ships today and reports the better error for. */
export const DEFAULT_KERAS_GRAPH: KerasGraph = 'pool1-pad';
export const KERAS_GRAPH_TEXT: Record<KerasGraph, string> = {
  'pool1-pad': 'pool1_pad before the 3×3/2 max-pool (keras-applications ≥ 1.0.6, Keras ≥ 2.2.3)',
  'no-pool1-pad': 'no padding before the 3×3/2 max-pool (Keras 1, Keras ≤ 2.2.2, keras-applications ≤ 1.0.4)',
};

/** One line naming the graph and the stem pool's output side, e.g. for reports, views and CLI text. */
export function kerasGraphLine(graph: KerasGraph, pooledSide: number | undefined): string {
  return `graph: ${KERAS_GRAPH_TEXT[graph]}${pooledSide === undefined ? '' : `; ${pooledSide}×${pooledSide} after the stem max-pool`}`;
}

/** A model on disk: a Keras .h5 file, or the model.json of a TF.js model. */
export interface ModelRef {
  kind: ModelKind;
  path: string;
  /** Keras ResNet .h5 only: which graph to build (default DEFAULT_KERAS_GRAPH). */
  kerasGraph?: KerasGraph;
}

/** What the worker found when it loaded a model (every import checks that it loads). */
export interface ModelInspection {
  kind: ModelKind;
  /** One input without the batch axis; null where the model accepts any size. */
  inputShape: Array<number | null>;
  outputCount: number;
  /** e.g. "ResNet50", "TF.js LayersModel (functional, 12 layers)", "TF.js GraphModel (48 nodes)". */
  architecture: string;
  /** Keras .h5 only: which generation of layer names the file uses. */
  kerasNaming?: 'tf.keras' | 'keras1';
  /** Keras .h5 only: the graph the weights were run on, and the side of the stem max-pool's output. */
  kerasGraph?: KerasGraph;
  pooledSide?: number;
  /** Anything a user must know, e.g. the options a GraphModel cannot honour. */
  notes: string[];
}

export interface ModelManifest {
  id: string;
  name: string;
  kind: ModelKind;
  createdAt: string;
  /** Where it came from: a path, a URL, or `keras:resnet50`. */
  source: string;
  /** The file the engine loads, relative to the model's folder (`weights.h5`, `model.json`). */
  entry: string;
  files: string[];
  /** [H, W, C] the lab feeds it (images are resized and centre-cropped to H × W). */
  inputSize: [number, number, number];
  /** The preprocessing the model was trained with; a run may pick another to see its effect. */
  preprocessing: PreprocessingId;
  /** `imagenet`: the 1000 ImageNet classes shipped with the lab (assets/imagenet-classes.json). */
  classNames: 'imagenet' | null;
  outputCount: number;
  architecture: string;
  kerasNaming?: 'tf.keras' | 'keras1';
  /** Keras .h5 only: the graph chosen at import; runs use it unless they choose another. */
  kerasGraph?: KerasGraph;
  /** Integrity of the downloaded or copied entry file (hex). */
  sha256?: string;
  notes: string[];
  /** Set by listings, never stored: one line naming the damaged file (manifest or entry file). */
  broken?: string;
}

/** One image's top classes (logits; probabilities are softmax over the logits). */
export interface TopClass {
  index: number;
  logit: number;
  probability: number;
}

/** Experiment 3's worker stage: images → top-5 → maps of every method → zero-point numbers, files in runDir. */
export interface ModelMapsJob {
  model: ModelRef;
  /** Square input side (Keras ResNets accept any; the real weights expect 224). */
  size: number;
  preset: PreprocessingId;
  images: { kind: 'folder'; path: string; limit?: number } | { kind: 'generated'; count: number; seed: number };
  /** Class explained for every image; null: each image's top class. */
  target: number | null;
  methods: MethodId[];
  options: SaliencyOptions;
  bins: number;
  /** Distance bins with fewer elements take no part in "lowest" (src/shared/binning.ts; default DEFAULT_MIN_BIN_COUNT). */
  minBinCount?: number;
  runDir: string;
}

export interface ModelMethodNumbers {
  timesInput: boolean;
  /** What the model could not do as this method asked (absent in runs written before issue 15). */
  notHonoured?: string[];
  zeroPointSuppression: number | null;
  /** Centre of the lowest distance bin among bins with ≥ minBinCount elements. */
  lowestBin: number | null;
  /** Median over the images with a defined ρ (a constant map has none). */
  intensitySpearman: number;
  /** Images with a defined ρ, out of the images explained; absent in runs stored before issue 15. */
  intensitySpearmanN?: number;
  /** Images whose map holds NaN or ±Inf, left out of every number here; absent in runs stored before issue 16. */
  nonFiniteMaps?: number;
  /** Per distance bin; null where empty. */
  meanAbsS: Array<number | null>;
  /** Elements per distance bin (the same for every method whose maps are all finite). */
  counts: number[];
}

export interface ModelMapsResult {
  inspection: ModelInspection;
  backend: BackendInfo;
  names: string[];
  skipped: SkippedFile[];
  top5: TopClass[][];
  targets: number[];
  /** Distance-to-zero-point bin centres and the B + 1 edges (raw units; src/shared/binning.ts). */
  bins: number[];
  binEdges: number[];
  /** Bins with fewer elements take no part in `lowestBin` (files before it: 1). */
  minBinCount: number;
  /** The preset's zero point as raw RGB in [0, 1]. */
  zeroPoint: [number, number, number];
  methods: Record<string, ModelMethodNumbers>;
  /** Options the model could not honour, recorded with the maps. */
  notHonoured: string[];
}
