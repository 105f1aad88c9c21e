/** Training runs and their events, as stored under runs/<id>/ in the workspace (DESIGN.md). */
import type { BackendChoice, BackendInfo } from './engine.ts';
import type { ExperimentKind } from './experiments.ts';

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
}

export const DEFAULT_TRAIN_CONFIG: Omit<TrainConfig, 'datasetId'> = {
  model: 'blackbox-cnn',
  epochs: 10,
  batchSize: 32,
  learningRate: 1e-3,
  seed: 1,
  testFraction: 0.2,
  backend: 'auto',
};

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
  config: TrainConfig;
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
  /** The experiment kind that made the run; runs written before kinds existed are 'blackbox'. */
  experiment?: ExperimentKind;
  /** The experiment's whole config as parsed (dataset, training, maps), when an experiment made the run. */
  experimentConfig?: unknown;
  /** Set by listings, never stored: one line naming the damaged file (manifest, checkpoint, metrics). */
  broken?: string;
}

/** One line of metrics.jsonl. */
export type TrainEvent =
  | { type: 'batch'; epoch: number; batch: number; batches: number; loss: number; accuracy: number; imagesPerSecond: number; etaSeconds: number; time: string }
  | { type: 'epoch'; epoch: number; epochs: number; loss: number; accuracy: number; testLoss: number; testAccuracy: number; imagesPerSecond: number; etaSeconds: number; time: string };

/** Median and interquartile range over the images where the metric is defined. */
export interface Spread {
  median: number;
  q1: number;
  q3: number;
  /**
   * How many images had a defined value (e.g. box mass share is undefined for an all-zero map), out of
   * MethodSummary.images: none is dropped silently (issue 7). Absent in runs stored before it.
   */
  n: number;
}

export interface MethodSummary {
  /** Images explained. */
  images: number;
  boxMassShare: Spread;
  enrichment: Spread;
  zeroFractionInBox: Spread;
  /** Mean over all `images`: defined for every finite map, as pixels tied at the maximum share the credit. */
  pointingGame: number;
  auroc: Spread;
  topKIoU: Spread;
  intensitySpearman: Spread;
  darkSuppressionRatio: Spread;
}
