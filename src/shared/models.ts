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

/** A model on disk: a Keras .h5 file, or the model.json of a TF.js model. */
export interface ModelRef {
  kind: ModelKind;
  path: string;
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
  runDir: string;
}

export interface ModelMethodNumbers {
  timesInput: boolean;
  zeroPointSuppression: number | null;
  lowestBin: number | null;
  intensitySpearman: number;
  meanAbsS: Array<number | null>;
  counts: number[];
}

export interface ModelMapsResult {
  inspection: ModelInspection;
  backend: BackendInfo;
  names: string[];
  skipped: SkippedFile[];
  top5: TopClass[][];
  targets: number[];
  /** Distance-to-zero-point bin centres (raw units). */
  bins: number[];
  /** The preset's zero point as raw RGB in [0, 1]. */
  zeroPoint: [number, number, number];
  methods: Record<string, ModelMethodNumbers>;
  /** Options the model could not honour, recorded with the maps. */
  notHonoured: string[];
}
