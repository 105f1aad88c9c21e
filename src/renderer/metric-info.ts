/** The metrics of a maps run: label, unit, how to format, and a definition shown on hover. */
import type { MethodSummary, Spread } from '../shared/run.ts';

export type SpreadMetric = Exclude<keyof MethodSummary, 'images' | 'pointingGame' | 'pointingGameN' | 'completenessGap'>;
export type MetricKey = SpreadMetric | 'pointingGame';

export interface MetricInfo {
  key: MetricKey;
  label: string;
  /** '%' shows 100·v with a % sign; '×' a ratio; '' a plain number. */
  unit: '%' | '×' | '';
  definition: string;
  /** Better when higher (for a method that localises the box), lower, or neither. */
  better: 'higher' | 'lower' | null;
}

export const METRICS: MetricInfo[] = [
  { key: 'boxMassShare', label: 'box mass share', unit: '%', better: 'higher', definition: 'Σ over the box of |S| / Σ over the image of |S|: the share of the map inside the box.' },
  { key: 'enrichment', label: 'enrichment', unit: '×', better: 'higher', definition: 'Box mass share / box area share: 1× is a uniform map, 10× puts ten times its fair share in the box.' },
  { key: 'zeroFractionInBox', label: 'exact zeros in box', unit: '%', better: 'lower', definition: 'Fraction of box pixels where S is exactly 0 (RectGrad on a black box: 100%, the input bias).' },
  { key: 'pointingGame', label: 'pointing game', unit: '%', better: 'higher', definition: 'Hit rate: the share of images whose largest |S| lies in the box (pixels tied at the maximum share the credit), over n images. A rate, not a median: no IQR.' },
  { key: 'auroc', label: 'AUROC (box)', unit: '', better: 'higher', definition: 'Area under the ROC curve of |S| as a score for "pixel is in the box": 0.5 is chance, 1 perfect.' },
  { key: 'topKIoU', label: 'top-k IoU', unit: '', better: 'higher', definition: 'Intersection over union of the k = box-area pixels of largest |S| with the box.' },
  { key: 'intensitySpearman', label: 'ρ(|S|, intensity)', unit: '', better: null, definition: 'Spearman rank correlation of |S| with the input intensity: high means the map follows brightness.' },
  { key: 'darkSuppressionRatio', label: 'dark suppression', unit: '×', better: null, definition: 'Mean |S| over the darkest 10% of pixels / mean |S| overall: far below 1× means dark pixels are ignored.' },
];

export function formatMetric(v: number | null | undefined, unit: MetricInfo['unit']): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (unit === '%') return `${(100 * v).toFixed(1)}%`;
  if (unit === '×') return `${v.toFixed(2)}×`;
  return v.toFixed(3);
}

/** What a metric's headline number is: a median over images, or (pointing game) a hit rate. */
export type MetricStatistic = 'median' | 'hit rate';

/** The headline value (a median, or a hit rate), the IQR where there is one, and over how many images. */
export function metricSpread(s: MethodSummary, key: MetricKey): { value: number; statistic: MetricStatistic; q1: number | null; q3: number | null; n: number | null } {
  // Runs stored before issue 15 did not record the pointing game's n: it was then over every image.
  if (key === 'pointingGame') return { value: s.pointingGame, statistic: 'hit rate', q1: null, q3: null, n: s.pointingGameN ?? s.images };
  const sp = s[key] as Spread & { n?: number };
  return { value: sp.median, statistic: 'median', q1: sp.q1, q3: sp.q3, n: typeof sp.n === 'number' ? sp.n : null };
}

/**
 * The explanation shown next to a number a newcomer misreads, or null. No-Bias RectGrad's exact zeros
 * (e.g. 64.5 % at zero input) are not the input bias: its per-layer top-q% rule keeps only the largest
 * relevances and zeroes the rest of the map wherever the input is, so a zero share of its own says
 * nothing about zero inputs; RectGrad's zeros there are the bias (× input).
 */
export function zerosNote(method: string, key: string): string | null {
  if (method !== 'nobias-rectgrad' || (key !== 'zeroFractionAtZeroInput' && key !== 'zeroFractionInBox')) return null;
  return "From No-Bias RectGrad's own thresholding, not the input: its per-layer top-q% rule keeps only the largest relevances and zeroes most of the map, at any input value. Compare with its zeros elsewhere, not with RectGrad's (which come from × input).";
}

/**
 * A VAE whose reconstructions are poor makes concept maps of a concept it barely encodes. The bar for
 * the test reconstruction (mean per-pixel BCE on [0, 1] targets): ln 2 ≈ 0.693 is what a decoder that
 * outputs grey (0.5) everywhere scores, so a loss above 0.65 is within ~6 % of knowing nothing about
 * the face (the 2-epoch e2e run sits at 0.688 and decodes grey blurs); trained runs of the preset sit
 * below it. A concept AUROC under 0.7 means the concept direction separates the test faces poorly.
 */
export const VAE_POOR_RECONSTRUCTION = 0.65;
export const VAE_POOR_AUROC = 0.7;

export function vaeQualityNote(reconstruction: number | null | undefined, auroc: number | null | undefined): string | null {
  const reasons: string[] = [];
  if (typeof reconstruction === 'number' && Number.isFinite(reconstruction) && reconstruction > VAE_POOR_RECONSTRUCTION) reasons.push(`its test reconstruction loss is ${reconstruction.toFixed(3)} BCE/pixel (above ${VAE_POOR_RECONSTRUCTION}; ln 2 ≈ 0.693 is a decoder that outputs grey everywhere)`);
  if (typeof auroc === 'number' && Number.isFinite(auroc) && auroc < VAE_POOR_AUROC) reasons.push(`its concept AUROC is ${auroc.toFixed(3)} (below ${VAE_POOR_AUROC})`);
  return reasons.length === 0 ? null : `This VAE reconstructs poorly or barely encodes the concept: ${reasons.join('; ')}. Read its concept maps as a weak model's, not as what the concept looks like; train longer (more epochs, not quick) for maps worth comparing.`;
}
