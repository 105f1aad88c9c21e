/**
 * The suppressed-point sweep (issue 9, METHODS.md pitfall 3): where RectGrad's map is weakest, by the raw
 * input value of each element, next to No-Bias RectGrad, under the run's own preprocessing and under any
 * other preset fed to the same model. RectGrad ends with × (model-space input), so its weakest bin should
 * sit at the preset's zero point; No-Bias RectGrad drops that multiplication and should not dip there.
 *
 * Bins: B equal bins of width 1/(B − 1) centred at 0, 1/(B − 1), …, 1 (each element goes to the nearest
 * centre), so black and white are bin centres, and so is mid-grey (0.5) when B is odd. The end bins only
 * see values from their inner half. Values are raw pixel units in [0, 1], per channel: map channel vs
 * input channel, after undoing a preset's channel order (Keras caffe feeds BGR).
 */
import type { BackendInfo } from './engine.ts';
import type { PreprocessingId } from './preprocessing.ts';
import type { TrainPreprocessing } from './run.ts';
import type { SaliencyOptions } from './saliency.ts';

/** The pair the sweep compares: one RectGrad pass gives both halves (with and without the final × input). */
export const SWEEP_METHODS = ['rectgrad', 'nobias-rectgrad'] as const;
export type SweepMethod = (typeof SWEEP_METHODS)[number];

/** The default bin count: odd, so mid-grey (0.5) is a bin centre as well as black and white. */
export const DEFAULT_SWEEP_BINS = 11;

export interface SweepMethodNumbers {
  /** Mean |S| of the elements in each bin; null where no element fell in the bin. */
  meanAbsS: Array<number | null>;
  /** Centre of the (non-empty) bin with the lowest mean |S|. */
  lowestBin: number;
  /** Mean |S| over every element. */
  meanAbsSAll: number;
  /** meanAbsS / meanAbsSAll: how far each bin sits below (< 1) or above the method's own level. */
  relative: Array<number | null>;
}

/** One preset's numbers: a panel of the sweep figure. */
export interface SweepPanel {
  preset: PreprocessingId;
  /** True for the preset the model was trained with; the others show the multiplication's effect only. */
  own: boolean;
  /** The raw pixel value the preset maps to 0, mean over channels (0.5 for centred inputs). */
  zeroPoint: number;
  zeroPointRgb: [number, number, number];
  /** Centre of the bin that holds `zeroPoint`. */
  zeroPointBin: number;
  /** Bin centres in raw [0, 1] pixel units. */
  bins: number[];
  /** Elements (pixel channels) per bin. */
  counts: number[];
  methods: Record<SweepMethod, SweepMethodNumbers>;
  /** Centre of the bin where RectGrad's relative level is lowest against No-Bias RectGrad's (the suppressed band). */
  suppressedBin: number | null;
}

/** What the worker's `sweep` call returns. */
export interface SweepResult {
  /** Dataset indices of the explained test images (with a box). */
  indices: number[];
  /** The explained logit. */
  target: number;
  /** The run's own preset first, then each extra preset asked for. */
  panels: SweepPanel[];
}

/** runs/<id>/sweep.json. */
export interface SweepFile extends SweepResult {
  runId: string;
  preprocessing: TrainPreprocessing;
  binCount: number;
  options: SaliencyOptions;
  backend: BackendInfo | null;
  createdAt: string;
}
