/**
 * Face datasets, the VAE and the concept analysis of experiment 2 (METHODS.md, paper Fig. 2): the
 * configs, what is stored per image, and the payloads of the worker calls that build, train and explain.
 */
import type { SkippedFile } from './dataset.ts';
import type { BackendInfo } from './engine.ts';
import type { PairedTest } from './paired-test.ts';
import type { Spread } from './spread.ts';
import type { MethodId, SaliencyOptions } from './saliency.ts';

/** Attributes the face generator labels, named as in CelebA's list_attr_celeba.txt. */
export const GENERATED_FACE_ATTRIBUTES = [
  'Eyeglasses',
  'Smiling',
  'Wearing_Hat',
  'Mouth_Slightly_Open',
  'Bangs',
  'Bald',
  'Black_Hair',
  'Blond_Hair',
  'Brown_Hair',
  'Gray_Hair',
  'Pale_Skin',
] as const;

export type EyeglassesStyle = 'dark' | 'clear' | 'none';

/**
 * Lens darkness (issue 15, item 6). CelebA's Eyeglasses attribute does not say which glasses are
 * sunglasses, so the lab measures it from the pixels: the median luma Y' = 0.299 R' + 0.587 G' +
 * 0.114 B' (stored 8-bit sRGB / 255) of the pixels whose centres fall in two lens boxes, one per eye
 * landmark, 0.4 d long along the eye line and 0.24 d across (d: the distance between the eye landmarks).
 * The boxes sit inside any real lens (a lens is about 0.8 d × 0.6 d around the pupil) and inside the
 * generated lenses (0.66 d × 0.42–0.5 d ellipses), below the brows. A face with Eyeglasses has dark
 * lenses when that median is below DARK_LENS_THRESHOLD.
 *
 * Why 0.25: sunglasses of filter category 3 transmit at most 18 % of the light (ISO 12312-1); over an eye
 * region of mid luma 0.5 (linear 0.5^2.2 = 0.22) that leaves linear ≤ 0.039, luma ≤ 0.23, while clear
 * lenses (category 0, ≥ 80 %) keep it at ≥ 0.45. On generated faces every dark lens measures 0 and
 * every clear one ≥ 0.37 (1,000 faces at 32² and 64², 300 at 128², seed 3; the tests check it). Faces with dark skin and clear glasses in deep shadow can fall below
 * it: the gallery shows each face's value so a reader can check the split.
 */
export const DARK_LENS_THRESHOLD = 0.25;
export const LENS_BOX_HALF_LENGTH = 0.2;
export const LENS_BOX_HALF_WIDTH = 0.12;
export const LENS_DARKNESS_RULE = `median luma (0.299 R + 0.587 G + 0.114 B in [0, 1]) of the pixels in a ${2 * LENS_BOX_HALF_LENGTH} d × ${2 * LENS_BOX_HALF_WIDTH} d box on each eye landmark (d = eye distance); dark lenses below ${DARK_LENS_THRESHOLD}`;

/** A face's measured lens darkness in words, e.g. "lens darkness 0.031 (dark below 0.25)"; null where not measured. */
export function lensDarknessText(item: Pick<FaceItem, 'lensDarkness'>): string | null {
  // The measured value is a luma (higher = lighter lens), so it is shown as what it is.
  return item.lensDarkness === undefined ? null : `lens luma ${item.lensDarkness.toFixed(3)} (dark lenses below ${DARK_LENS_THRESHOLD})`;
}

/** Dark / clear / no-glasses counts and how they were told apart, in one line (CLI, logs, app). */
export function eyeglassesCountsText(m: Pick<FacesDatasetManifest, 'eyeglassesStyles' | 'eyeglassesSplit'>): string {
  const { dark, clear, none } = m.eyeglassesStyles;
  const how =
    m.eyeglassesSplit === undefined
      ? 'dark vs clear not measured (dataset made before lens darkness)'
      : m.eyeglassesSplit.by === 'drawn'
        ? 'dark vs clear as drawn'
        : `dark vs clear by lens luma < ${m.eyeglassesSplit.threshold}`;
  return `${dark} dark glasses, ${clear} clear, ${none} none (${how})`;
}

/** How a dataset's glasses were split into dark and clear: drawn so by the generator, or measured (CelebA). */
export interface EyeglassesSplit {
  by: 'drawn' | 'lens-darkness';
  /** Lens-darkness threshold (the luma median below which lenses are dark), and the rule in words. */
  threshold: number;
  rule: string;
}
export type FaceSplit = 'train' | 'val' | 'test';

/** A point in pixel coordinates of the stored (cropped, resized) image. */
export type Point = [number, number];

export interface FaceItem {
  /** Attribute name → 1 (present) or 0; the same names for every item of a dataset. */
  attributes: Record<string, 0 | 1>;
  /**
   * Dark lenses (near-black, many pixels exactly 0), clear frames, or none. Generated faces: as drawn.
   * CelebA: Eyeglasses faces split by their measured lens darkness (DARK_LENS_THRESHOLD).
   */
  eyeglasses: EyeglassesStyle;
  /** Median luma of the lens boxes (LENS_DARKNESS_RULE), every face; absent in datasets made before it. */
  lensDarkness?: number;
  split: FaceSplit;
  /** Eye centres (left, right in the image) and mouth centre, in stored-image pixels. */
  landmarks: { leftEye: Point; rightEye: Point; mouth: Point };
  /** Where it came from: 'generated:<seed>/<i>' or the CelebA file name. */
  origin: string;
}

export type FacesSource = { kind: 'generated' } | { kind: 'celeba'; path: string };

export interface FacesDatasetConfig {
  source: FacesSource;
  /** Image side in pixels (preset default 64; 128 for the reference VAE). */
  size: number;
  /** Images in all (CelebA: at most this many, in file order). */
  count: number;
  seed: number;
  /** Generated faces: fraction held out as the test split (CelebA uses list_eval_partition.txt). */
  testFraction: number;
  /** CelebA: fail before decoding if fewer than `perGroup` training images have / lack `attribute`. */
  attribute?: string;
  perGroup?: number;
  name?: string;
}

export const DEFAULT_FACES_DATASET: FacesDatasetConfig = { source: { kind: 'generated' }, size: 64, count: 10000, seed: 1, testFraction: 0.2 };

export interface FacesDatasetManifest {
  id: string;
  kind: 'faces';
  name: string;
  createdAt: string;
  config: FacesDatasetConfig;
  sourceDescription: string;
  size: number;
  count: number;
  attributeNames: string[];
  /** Per attribute: images with it. */
  attributeCounts: Record<string, number>;
  splitCounts: Record<FaceSplit, number>;
  eyeglassesStyles: Record<EyeglassesStyle, number>;
  /** How dark and clear were told apart (absent in datasets made before issue 15: CelebA glasses were all 'clear'). */
  eyeglassesSplit?: EyeglassesSplit;
  skipped: SkippedFile[];
  /** images: RGB uint8 [N,H,W,3]; items: FaceItem[]; masks: eye region uint8 [N,H,W] (1 inside). */
  files: { images: string; items: string; masks: string };
  seed: number;
}

export function checkFacesDatasetConfig(c: FacesDatasetConfig): string | null {
  if (!Number.isInteger(c.size) || c.size < 16 || c.size > 256) return `size must be an integer between 16 and 256, got ${c.size}`;
  if (!Number.isInteger(c.count) || c.count < 4) return `count must be an integer ≥ 4, got ${c.count}`;
  if (!Number.isInteger(c.seed)) return `seed must be an integer, got ${c.seed}`;
  if (!(c.testFraction > 0 && c.testFraction < 1)) return `test fraction must be in (0, 1), got ${c.testFraction}`;
  return null;
}

// ---------------------------------------------------------------- VAE

export type VaePreset = 'cpu' | 'reference';

export interface VaeArchitecture {
  size: number;
  latent: number;
  /** Encoder filters: four 5×5 convs then one 2×2 conv, all stride 2 (METHODS.md). */
  filters: [number, number, number, number, number];
  dense: number;
  /**
   * Padding of the last (2×2, stride 2) encoder conv. On an even side 'same' and 'valid' are the same
   * function (no padding is needed), but the padding trick zeroes the border of every 'same' conv's
   * output gradient, which is *all* of a 2×2 output: at 64² the cpu preset declares it 'valid' so the
   * maps are not all zero. The reference keeps 'same' (its output is 4×4).
   */
  lastPadding: 'same' | 'valid';
  /** Kernel of the decoder's transposed convs after the first (2×2) one: 5 in METHODS.md. */
  upKernel: number;
  /** Kernel of the decoder's final conv (sigmoid): 5 in METHODS.md. */
  outKernel: number;
}

/**
 * METHODS.md reference (128², latent 400, 5×5 transposed convs and output conv) and a 64² preset for
 * CPUs (our choice; measured with .bench-style probes on 2,000 generated faces, see the issue-8 notes
 * in the commit log):
 * - filters 8/16/32/64/128, dense 256, latent 64: about 1/64 of the reference's conv work per pixel;
 *   the encoder is cheap, the decoder's full-resolution layers cost most.
 * - upKernel 4: a 4×4 kernel at stride 2 gives every output pixel the same number of taps, so the
 *   decoder starts without the checkerboard a 5×5 stride-2 transposed conv draws, and costs 36 % less.
 * - outKernel 3: the sigmoid conv at full resolution, 64 % cheaper than 5×5.
 */
export const VAE_PRESETS: Record<VaePreset, VaeArchitecture> = {
  reference: { size: 128, latent: 400, filters: [64, 128, 256, 512, 1024], dense: 512, lastPadding: 'same', upKernel: 5, outKernel: 5 },
  cpu: { size: 64, latent: 64, filters: [8, 16, 32, 64, 128], dense: 256, lastPadding: 'valid', upKernel: 4, outKernel: 3 },
};

export interface VaeTrainConfig {
  preset: VaePreset;
  /** Overrides of the preset (size must match the dataset). */
  latent?: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Weight of the KL term (METHODS.md: 5e-4). */
  klWeight: number;
  seed: number;
  /** Test faces reconstructed after every epoch. */
  reconstructionCount: number;
}

/**
 * Training defaults per preset. Reference: METHODS.md (Adam 1e-3, batch 20; epochs are not given).
 * cpu, our choice (issue 8, 2,000 generated faces, concept AUROC after 1 and 2 epochs): Adam 3e-3
 * learned faster than 1e-3 (test BCE 0.633 vs 0.657 after 3 epochs, AUROC 0.79 vs 0.59) and 6e-3 was
 * worse; batch 8 at 1.5e-3 was no better per second than batch 20. 3 epochs of the default 10,000 faces
 * (24,000 images seen) fit the 20-minute budget on a 2-core machine: with faces-v3, quiet, seed 1: 6 min
 * 34 s, concept AUROC 0.956, test BCE 0.598; seed 2: 7 min 12 s, 0.983 (faces-v2, whose thin frames the
 * concept hardly saw: 11 min 36 s at load 4–5, AUROC 0.913; 5 epochs reached only 0.918, so more epochs
 * were not the cure).
 */
export const VAE_PRESET_TRAINING: Record<VaePreset, Pick<VaeTrainConfig, 'epochs' | 'batchSize' | 'learningRate'>> = {
  reference: { epochs: 10, batchSize: 20, learningRate: 1e-3 },
  cpu: { epochs: 3, batchSize: 20, learningRate: 3e-3 },
};

export const DEFAULT_VAE_TRAIN_CONFIG: VaeTrainConfig = {
  preset: 'cpu',
  ...VAE_PRESET_TRAINING.cpu,
  klWeight: 5e-4,
  seed: 1,
  reconstructionCount: 8,
};

export type VaeTrainEvent =
  | {
      type: 'batch';
      epoch: number;
      batch: number;
      batches: number;
      loss: number;
      reconstructionLoss: number;
      kl: number;
      imagesPerSecond: number;
      etaSeconds: number;
      time: string;
    }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      loss: number;
      reconstructionLoss: number;
      kl: number;
      testReconstructionLoss: number;
      testKl: number;
      imagesPerSecond: number;
      etaSeconds: number;
      time: string;
      /** RGB uint8 [K,H,W,3] file in the run folder (relative path), of the faces `reconstructionIndices`. */
      reconstructionsFile: string;
      reconstructionIndices: number[];
    };

export interface VaeTrainJob {
  datasetDir: string;
  runDir: string;
  config: VaeTrainConfig;
  resume: boolean;
}

export interface VaeTrainResult {
  epochsDone: number;
  resumedFrom: number;
  /** Mean per-pixel BCE and KL term on the test split, encoder means decoded (inference mode). */
  testReconstructionLoss: number;
  testKl: number;
  trainCount: number;
  testCount: number;
  latent: number;
  size: number;
  /** RGB uint8 [K,H,W,3] of the original faces the per-epoch reconstructions show. */
  originalsFile: string;
  reconstructionIndices: number[];
  backend: BackendInfo;
}

// ---------------------------------------------------------------- concept

export interface ConceptJob {
  datasetDir: string;
  runDir: string;
  attribute: string;
  /** Images with / without the attribute from the training split (METHODS.md: 500 each). */
  perGroup: number;
  seed: number;
  /** 'mean': z = μ(x) (our default); 'sampled': z = μ + σ·ε with a fixed seed (the reference). */
  latent: 'mean' | 'sampled';
  /** α values of the traversal strip μ + α·c. */
  alphas: number[];
  /** Test faces without the attribute to start traversals from. */
  traversalCount: number;
}

export const DEFAULT_CONCEPT_JOB: Omit<ConceptJob, 'datasetDir' | 'runDir'> = {
  attribute: 'Eyeglasses',
  perGroup: 500,
  seed: 1,
  latent: 'mean',
  alphas: [-1, -0.5, 0, 0.5, 1, 1.5, 2],
  traversalCount: 4,
};

export interface ConceptResult {
  attribute: string;
  /** The concept vector c (length = latent), also written to concept.json in the run folder. */
  vector: number[];
  conceptFile: string;
  perGroup: number;
  /** AUROC of S(x) = μ(x)·c for "test face has the attribute". */
  auroc: number;
  /** Scores of the test faces, with their dataset indices and labels (for score distributions). */
  testIndices: number[];
  testScores: number[];
  testLabels: number[];
  /** The glasses style of each test face (absent in runs made before it was recorded). */
  testStyles?: EyeglassesStyle[];
  /**
   * Eyeglasses only: AUROC of S for each glasses style against the faces without glasses; null where the test split
   * has no face of that style (CelebA: no 'dark'). The overall AUROC can hide a style the concept misses.
   */
  aurocByStyle?: { dark: number | null; clear: number | null };
  /** Traversal strips: RGB uint8 [T, A, H, W, 3] (T start faces × A alphas), row-major. */
  traversal: { indices: number[]; alphas: number[]; size: number; pixels: Uint8Array };
}

// ---------------------------------------------------------------- concept saliency

export interface ConceptMapsJob {
  datasetDir: string;
  runDir: string;
  methods: MethodId[];
  options: SaliencyOptions;
  /** Test faces per group (dark glasses, clear glasses, none), first in dataset order. */
  perGroup: number;
}

/** Per image numbers of issue 8 (NaN where undefined, e.g. no exactly-0 input pixel). */
export interface ConceptImageMetrics {
  index: number;
  group: EyeglassesStyle;
  /** Σ_eye |S| / Σ |S|, S = map summed over channels. */
  eyeRegionShare: number;
  /** Fraction of map entries that are exactly 0 among those whose input entry is exactly 0. */
  zeroFractionAtZeroInput: number;
  /** Mean |S| over the darkest decile of pixels / mean |S| overall. */
  darkSuppressionRatio: number;
  /** Spearman ρ between |S| and pixel intensity (channel mean). */
  intensitySpearman: number;
}

export interface ConceptMethodSummary {
  eyeRegionShareDark: Spread;
  eyeRegionShareClear: Spread;
  eyeRegionShareNone: Spread;
  zeroFractionAtZeroInput: Spread;
  darkSuppressionRatio: Spread;
  intensitySpearman: Spread;
}

export interface ConceptMethodMaps {
  method: MethodId;
  timesInput: boolean;
  /** Maps [N,H,W,3] in the order of `indices`. */
  maps: Float32Array;
  /** Fig. 2b y values: the map summed over channels, [N·H·W]. */
  saliencySum: Float32Array;
  perImage: ConceptImageMetrics[];
  summary: ConceptMethodSummary;
  /** What the model could not do as the method asked (e.g. a conv too small for the padding trick). */
  notHonoured: string[];
}

export interface ConceptMapsResult {
  indices: number[];
  groups: EyeglassesStyle[];
  shape: number[];
  /** Fig. 2b x values: pixel value (mean of the channels), [N·H·W]; the zero point is 0. */
  inputMean: Float32Array;
  methods: ConceptMethodMaps[];
  /** Paired Wilcoxon of eye-region share on dark glasses, a = nobias-rectgrad, b = rectgrad. */
  comparisons: Array<PairedTest & { metric: 'eyeRegionShareDark' }>;
  backend: BackendInfo;
}

// ---------------------------------------------------------------- dataset build

export interface BuildFacesJob {
  config: FacesDatasetConfig;
  stagingDir: string;
}

export interface BuildFacesResult {
  sourceDescription: string;
  count: number;
  attributeNames: string[];
  attributeCounts: Record<string, number>;
  splitCounts: Record<FaceSplit, number>;
  eyeglassesStyles: Record<EyeglassesStyle, number>;
  eyeglassesSplit: EyeglassesSplit;
  skipped: SkippedFile[];
}
