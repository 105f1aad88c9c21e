/** Results of the maps step of experiment 1: per-image numbers, summaries, histograms, a paired test. */
import type { PairedTest } from './paired-test.ts';
import type { MethodSummary } from './run.ts';

/** Numbers for one explained image (METHODS.md "Metrics"), from S = the map summed over channels. */
export interface ImageMetricsRow {
  /** Dataset index of the image. */
  index: number;
  /** Σ_box |S| / Σ |S|. NaN for an all-zero map. */
  boxMassShare: number;
  /** boxMassShare / (box area / image area): 1 = no better than uniform. */
  enrichment: number;
  /** Fraction of box pixels where S is exactly 0 (RectGrad's blind spot: 1.0 on a black box). */
  zeroFractionInBox: number;
  /**
   * Pointing game for this image: the fraction of the pixels tied at the largest |S| that lie in the box,
   * 1 or 0 for a single maximum, the box's area share for an all-zero map (every pixel tied). Never raster
   * order. Over images it is a hit rate (MethodSummary.pointingGame), not a median.
   */
  pointingGame: number;
  /** AUROC of |S| for "pixel in box". */
  auroc: number;
  /**
   * IoU of the k = box-area pixels of largest |S| with the box; when pixels tie at the k-th value, the
   * expected IoU with the tied pixels at the boundary picked uniformly at random (never raster order).
   */
  topKIoU: number;
  /** Spearman ρ between |S| and input magnitude (intensity for [0, 1] inputs). */
  intensitySpearman: number;
  /** mean |S| over the darkest decile of pixels / mean |S| overall (ties at the decile boundary averaged). */
  darkSuppressionRatio: number;
  /** Integrated Gradients only: Σ attribution − (f(x) − f(x₀)), logit units (issue 15). */
  completenessGap?: number;
}

export interface HistogramPair {
  inside: number[];
  outside: number[];
}

export interface MethodMaps {
  method: string;
  timesInput: boolean;
  /** Seconds the maps of all `indices` took (the Saliency Card's cost per map is this over the images). */
  seconds?: number;
  /** Maps [N, H, W, 3] in the order of `indices`. */
  maps: Float32Array;
  perImage: ImageMetricsRow[];
  /** Per image, in the order of `indices`: is its map all zero (every entry exactly 0)? The paired test names such maps. */
  allZero: boolean[];
  summary: MethodSummary;
  /** Fig. 1c: pooled over images, fixed edges `edges`. */
  histogram: HistogramPair;
  perImageHistograms: HistogramPair[];
}

/** Paired Wilcoxon signed-rank test of box mass share, a vs b over images (src/shared/paired-test.ts). */
export interface PairedComparison extends PairedTest {
  metric: 'boxMassShare';
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
