/**
 * The suppressed-point sweep (issue 9, METHODS.md pitfall 3): where RectGrad's map is weakest, by the raw
 * input value of each element, next to No-Bias RectGrad, under the run's own preprocessing and under any
 * other preset fed to the same model. RectGrad ends with × (model-space input), so its weakest bin should
 * sit at the preset's zero point; No-Bias RectGrad drops that multiplication and should not dip there.
 *
 * Bins: the one rule of src/shared/binning.ts (B equal bins of [0, 1]; mid-grey is a centre when B is odd;
 * "lowest" only among bins with at least `minBinCount` elements). Values are raw pixel units in [0, 1], per
 * channel: map channel vs input channel, after undoing a preset's channel order (Keras caffe feeds BGR).
 *
 * Only the panel of the preset the model was trained on is a measurement. Every other panel feeds the same
 * model inputs from a preprocessing it never saw: it illustrates where x ⊙ R puts its blind spot, and
 * says so (`evidence`) wherever it is shown.
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
  /** Centre of the bin with the lowest mean |S| among bins with ≥ minBinCount elements; null when none has. */
  lowestBin: number | null;
  /** Mean |S| over every element. */
  meanAbsSAll: number;
  /** meanAbsS / meanAbsSAll: how far each bin sits below (< 1) or above the method's own level. */
  relative: Array<number | null>;
}

/** What a panel is: the model under its own preprocessing, or an illustration of x ⊙ R under another. */
export const SWEEP_EVIDENCE = ['measurement', 'illustration'] as const;
export type SweepEvidence = (typeof SWEEP_EVIDENCE)[number];

/** How each kind of panel is named wherever it is shown (app, report, CLI). */
export const SWEEP_EVIDENCE_TEXT: Record<SweepEvidence, string> = {
  measurement: "measurement: the model's own preprocessing",
  illustration: 'illustration of x ⊙ R: a preprocessing the model was not trained on, not a measurement',
};

/** One preset's numbers: a panel of the sweep figure. */
export interface SweepPanel {
  preset: PreprocessingId;
  /** True for the preset the model was trained with; the others show the multiplication's effect only. */
  own: boolean;
  /** `measurement` for the own preset, `illustration` for every other (files before it: derived from `own`). */
  evidence: SweepEvidence;
  /** The raw pixel value the preset maps to 0, mean over channels (0.5 for centred inputs). */
  zeroPoint: number;
  zeroPointRgb: [number, number, number];
  /** Centre of the bin that holds `zeroPoint`. */
  zeroPointBin: number;
  /** Bin centres in raw [0, 1] pixel units. */
  bins: number[];
  /** The B + 1 bin edges (older files: derived from the centres on reading). */
  binEdges: number[];
  /** Elements (pixel channels) per bin. */
  counts: number[];
  /** Bins with fewer elements take no part in `lowestBin` or `suppressedBin` (older files: 1). */
  minBinCount: number;
  methods: Record<SweepMethod, SweepMethodNumbers>;
  /** Centre of the bin (≥ minBinCount elements) where RectGrad's relative level is lowest against No-Bias RectGrad's (the suppressed band). */
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
  minBinCount: number;
  options: SaliencyOptions;
  backend: BackendInfo | null;
  createdAt: string;
}
