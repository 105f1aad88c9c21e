/** Results of the maps step of experiment 1: per-image numbers, summaries, histograms, a paired test. */
import type { MethodSummary } from './run.ts';

export interface ImageMetricsRow {
  index: number;
  boxMassShare: number;
  enrichment: number;
  zeroFractionInBox: number;
  pointingGame: number;
  auroc: number;
  topKIoU: number;
  intensitySpearman: number;
  darkSuppressionRatio: number;
}

export interface HistogramPair {
  inside: number[];
  outside: number[];
}

export interface MethodMaps {
  method: string;
  timesInput: boolean;
  /** Maps [N, H, W, 3] in the order of `indices`. */
  maps: Float32Array;
  perImage: ImageMetricsRow[];
  summary: MethodSummary;
  /** Fig. 1c: pooled over images, fixed edges `edges`. */
  histogram: HistogramPair;
  perImageHistograms: HistogramPair[];
}

export interface PairedComparison {
  a: string;
  b: string;
  metric: 'boxMassShare';
  n: number;
  wPlus: number;
  z: number;
  p: number;
  medianDifference: number;
}

export interface MapsResult {
  /** Dataset indices of the explained images (test images with a box). */
  indices: number[];
  shape: number[];
  /** The explained logit (1 = "box"). */
  target: number;
  edges: number[];
  methods: MethodMaps[];
  comparisons: PairedComparison[];
}
