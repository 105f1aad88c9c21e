/** Training runs and their events, as stored under runs/<id>/ in the workspace (DESIGN.md). */
import type { BackendChoice, BackendInfo } from './engine.ts';
import type { ExperimentKind } from './experiments/index.ts';
import type { PreprocessingId } from './preprocessing.ts';
import type { ConceptMethodSummary, VaeTrainConfig, VaeTrainEvent } from './faces.ts';
import type { Spread } from './spread.ts';
export type { Spread } from './spread.ts';
import type { ModelRef } from './models.ts';

/**
 * What the black-box classifier sees (METHODS.md pitfall 3): `unit` = x in [0, 1] (black is 0), `centred`
 * = x − 0.5 (mid-grey is 0, the paper's [−0.5, 0.5]), `inverted` = 1 − x (white is 0: the control arm of
 * issue 18, where the black box becomes white). The dataset stays raw uint8; training, evaluation,
 * predictions and maps all feed the preprocessed input, and maps are of that model-space input.
 */
export const TRAIN_PREPROCESSING = ['unit', 'centred', 'inverted'] as const;
export type TrainPreprocessing = (typeof TRAIN_PREPROCESSING)[number];

/** The preset (src/shared/preprocessing.ts) a training preprocessing is. */
export const TRAIN_PREPROCESSING_PRESET: Record<TrainPreprocessing, PreprocessingId> = { unit: 'unit', centred: 'paper', inverted: 'inverted' };

/** Each training preprocessing in words, one place for every door: the model input's formula and its zero point. */
export const TRAIN_PREPROCESSING_TEXT: Record<TrainPreprocessing, { formula: string; zeroPoint: string }> = {
  unit: { formula: 'x in [0, 1]', zeroPoint: '0 (black)' },
  centred: { formula: 'x − 0.5', zeroPoint: '0.5 (mid-grey)' },
  inverted: { formula: '1 − x', zeroPoint: '1 (white)' },
};

/** A run's preprocessing: runs recorded before the field existed trained on [0, 1] inputs. */
export function runPreprocessing(config: { model: string; preprocessing?: TrainPreprocessing }): TrainPreprocessing {
  return config.preprocessing ?? 'unit';
}

/** A run's validation fraction; runs recorded before it existed trained on their whole training split (0). */
export function runValidationFraction(config: { validationFraction?: number }): number {
  return config.validationFraction ?? 0;
}

export interface TrainConfig {
  datasetId: string;
  /** Model architecture id; experiment 1 uses the 3-conv classifier of METHODS.md. */
  model: 'blackbox-cnn';
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Fraction of each class held out for testing (stratified). */
  testFraction: number;
  backend: BackendChoice;
  /** Manifests written before it have none: read it with runPreprocessing (they are 'unit'). */
  preprocessing: TrainPreprocessing;
  /**
   * Per-epoch snapshots (issue 18): after every epoch, the RectGrad pair's and the gradient's maps of the
   * first this-many test images with a box (runs/<id>/snapshots/); 0 = none. Absent in older manifests.
   */
  snapshots: number;
  /**
   * Fraction of the training split held out (stratified, seeded) to watch each epoch, so the test split
   * is touched once, at the end (issue 21). Absent in older manifests: read it with runValidationFraction (0).
   */
  validationFraction: number;
  /**
   * Data randomisation (issue 18, METHODS.md "Analyses"): the training images' labels randomly permuted
   * (seeded by `seed`), the test labels true, so the model can only memorise. Absent in older manifests.
   */
  shuffledLabels: boolean;
}

export const DEFAULT_TRAIN_CONFIG: Omit<TrainConfig, 'datasetId'> = {
  model: 'blackbox-cnn',
  epochs: 10,
  batchSize: 32,
  learningRate: 1e-3,
  seed: 1,
  testFraction: 0.2,
  validationFraction: 0.1,
  backend: 'auto',
  preprocessing: 'unit',
  snapshots: 0,
  shuffledLabels: false,
};

/** A VAE run's training config (experiment 2): the preset and its overrides, on a faces dataset. */
export interface VaeRunConfig extends VaeTrainConfig {
  model: 'vae';
  datasetId: string;
  backend: BackendChoice;
}

/** A run that explains a model it did not train (experiment 3): which model, nothing to train. */
export interface PretrainedRunConfig {
  model: 'pretrained';
  /** No dataset: the images come with the experiment's config. */
  datasetId: '';
  source: ModelRef;
  architecture: string;
  epochs: 0;
  backend: BackendChoice;
}

/** What a run trains: the black-box classifier, a VAE, or nothing (a pretrained model); `model` tells them apart. */
export type RunConfig = TrainConfig | VaeRunConfig | PretrainedRunConfig;

/** The classifier's config, or a one-line reason why this run has none. */
export function isClassifierConfig(c: RunConfig): c is TrainConfig {
  return c.model === 'blackbox-cnn';
}

/** A VAE run's results (experiment 2), filled in by its stages. */
export interface VaeRunResults {
  testReconstructionLoss: number;
  testKl: number;
  attribute?: string;
  /** AUROC of the concept score for "test face has the attribute". */
  conceptAuroc?: number;
  /** Per method: the concept-saliency numbers (median, IQR, n). */
  conceptMetrics?: Record<string, ConceptMethodSummary>;
  /** Per method: what the model could not do as the method asked (absent: nothing, or an older run). */
  notHonoured?: Record<string, string[]>;
}

/**
 * `interrupted`: its process died (kill -9, crash, power loss) while it ran; found when the workspace is
 * opened and resumable from `checkpointEpoch`. `broken`: the run's manifest cannot be read (see `broken`).
 */
export type RunStatus = 'created' | 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted' | 'broken';

export interface RunManifest {
  id: string;
  kind: 'train' | 'experiment';
  name: string;
  status: RunStatus;
  config: RunConfig;
  datasetId: string;
  createdAt: string;
  updatedAt: string;
  backend: BackendInfo | null;
  versions: Record<string, string>;
  /** Last completed epoch with a saved checkpoint (0 = none). */
  checkpointEpoch: number;
  testAccuracy: number | null;
  error?: string;
  /** Filled by the maps step: method id → summary numbers. */
  metrics?: Record<string, MethodSummary>;
  /** VAE runs: reconstruction and concept results. */
  vae?: VaeRunResults;
  /** The experiment kind that made the run; runs written before kinds existed are 'blackbox'. */
  experiment?: ExperimentKind;
  /** The experiment's whole config as parsed (dataset, training, maps), when an experiment made the run. */
  experimentConfig?: unknown;
  /**
   * An experiment run's finished stages, in its kind's order. Its status is the experiment's: `completed`
   * only once every stage is, so a run killed after training (concept or maps not yet written) is
   * `interrupted`, not a completed run without results, and resuming it runs its next unfinished stage.
   */
  stagesDone?: string[];
  /**
   * A run an analysis trained for another run (a control arm's model, another seed's experiment, the
   * shuffled-label model): the run it belongs to, the analysis and its key there, so listings group it.
   */
  analysisOf?: { runId: string; analysis: string; key: string };
  /** A member of a batch (issue 22): the batch's id and the member's index in it. */
  batch?: { id: string; member: number };
  /** The researcher's labels for the run (issue 21; LabApi updateRunInfo): at most 20, each 1–40 of letters, digits, space and `_ . : + -`. */
  tags?: string[];
  /** The researcher's free-text note on the run (issue 21), at most 10,000 characters. */
  notes?: string;
  /** True once a person named the run (updateRunInfo): the app labels it by `name`, not by a label built from its config. */
  named?: boolean;
  /** Set by listings, never stored: one line naming the damaged file (manifest, checkpoint, metrics). */
  broken?: string;
}

/** One line of metrics.jsonl: classifier events, or the VAE's (with reconstruction loss and KL). */
export type RunEvent = TrainEvent | VaeTrainEvent;

/** A classifier's event (accuracy), not a VAE's (reconstruction loss and KL). */
export function isClassifierEvent(e: RunEvent): e is TrainEvent {
  return 'accuracy' in e;
}

/** One line of a classifier run's metrics.jsonl. */
export type TrainEvent =
  | { type: 'batch'; epoch: number; batch: number; batches: number; loss: number; accuracy: number; imagesPerSecond: number; etaSeconds: number; time: string }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      loss: number;
      accuracy: number;
      /** On the validation split, every epoch (runs with one: validationFraction > 0). */
      valLoss?: number;
      valAccuracy?: number;
      /**
       * On the test split: with a validation split only on the last epoch's event (the test set is touched
       * once, at the end); runs without one (and runs recorded before it existed) have it every epoch.
       */
      testLoss?: number;
      testAccuracy?: number;
      imagesPerSecond: number;
      etaSeconds: number;
      time: string;
    };

export interface MethodSummary {
  /** Images explained. */
  images: number;
  boxMassShare: Spread;
  enrichment: Spread;
  zeroFractionInBox: Spread;
  /**
   * Pointing game hit rate: the mean over images of the per-image score (1 or 0 for a single maximum of
   * |S|, the in-box share of the pixels tied at the maximum otherwise), over `pointingGameN` images.
   * A rate, not a median. Runs stored before issue 15 averaged over all `images` (NaN if any map was NaN).
   */
  pointingGame: number;
  /** Images with a defined pointing-game score (a finite map); absent in runs stored before issue 15. */
  pointingGameN?: number;
  auroc: Spread;
  topKIoU: Spread;
  intensitySpearman: Spread;
  darkSuppressionRatio: Spread;
  /** Integrated Gradients only: Σ attribution − (f(x) − f(x₀)) per map, in logit units (issue 15). */
  completenessGap?: Spread;
}
