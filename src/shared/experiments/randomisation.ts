/**
 * Model randomisation sanity checks (issue 18, analysis 1; Adebayo et al. 2018) of a trained black-box
 * run: its weighted layers re-initialised with each layer's own initialisers and a recorded seed,
 * cascading from the logits down (step k: the top k layers) and independently (step k: only the k-th
 * layer from the top), and at each step the similarity of the randomised model's maps to the trained
 * model's, per image, then the median over images. Its config, `--json` rows, file detail and worker call.
 */
import { z } from 'zod';
import { TrainedRunIdSchema, SeedSchema, intIn, numberIn } from '../schemas/common.ts';
import { show } from '../schemas/check.ts';
import { MethodIdSchema, SaliencyOptionsSchema } from '../schemas/saliency.ts';
import type { MethodId } from '../saliency.ts';
import type { MapsJob } from './blackbox.ts';
import type { ProgressEvent } from '../progress.ts';
import type { BoxRect } from '../dataset.ts';

/**
 * Model randomisation, top down (`cascading`) and one layer at a time (`independent`), and data
 * randomisation (`labels`: the run's recipe retrained on shuffled training labels, one step). `labels`
 * retrains a model, so it runs only when asked for.
 */
export const RANDOMISATION_MODES = ['cascading', 'independent', 'labels'] as const;
export type RandomisationMode = (typeof RANDOMISATION_MODES)[number];
export const DEFAULT_RANDOMISATION_MODES = ['cascading', 'independent'] as const satisfies readonly RandomisationMode[];

/** The `layer` of the data-randomisation step: every weight, learned from shuffled labels. */
export const SHUFFLED_LABELS_LAYER = 'all (trained on shuffled labels)';

/** Both halves of the RectGrad pair, and the references Adebayo et al. showed pass or fail the test. */
export const DEFAULT_RANDOMISATION_METHODS = ['rectgrad', 'nobias-rectgrad', 'gradient', 'guided-backprop', 'gradient-x-input'] as const satisfies readonly MethodId[];

/** The `layer` of step 0, where nothing is re-initialised. */
export const TRAINED_LAYER = 'none (trained)';

/** The similarity measures, by the names the rows use. */
export const SIMILARITY_MEASURES = ['spearman', 'ssim', 'topK'] as const;
export type SimilarityMeasure = (typeof SIMILARITY_MEASURES)[number];

/**
 * Top-k overlap's k: `'box'` takes k = the image's box area in pixels (the region the classifier must
 * find), a number takes k = that percentage of the pixels (METHODS.md's "10 % of pixels" is `10`).
 */
export type TopKSize = 'box' | number;

/** How many of the explained images (the first ones) the gallery keeps a map of at every cascading step. */
export const GALLERY_IMAGES = 3;
/** Gallery maps wider than this are block-averaged down to it, so the file stays small. */
export const GALLERY_MAX_SIDE = 32;

const unique = <T>(xs: readonly T[]) => new Set(xs).size === xs.length;

export const RandomisationConfigSchema = z.strictObject({
  run: TrainedRunIdSchema,
  methods: z
    .array(MethodIdSchema)
    .min(1)
    .max(16)
    .refine(unique, { error: 'lists a method twice' })
    .default([...DEFAULT_RANDOMISATION_METHODS])
    .describe('comma-separated method ids'),
  /** Test images with a box to explain. */
  limit: intIn(1, 100_000).default(50).describe('explain at most N test images with a box'),
  modes: z
    .array(z.enum(RANDOMISATION_MODES, { error: (iss) => `expected one of ${RANDOMISATION_MODES.join(', ')}, got ${show(iss.input)}` }))
    .min(1)
    .max(RANDOMISATION_MODES.length)
    .refine(unique, { error: 'lists a mode twice' })
    .default([...DEFAULT_RANDOMISATION_MODES])
    .describe('model randomisations: cascading, independent, labels (data randomisation: retrains the recipe on shuffled labels)'),
  /** Seed of the re-initialisation: each weight's own seed is derived from it and the weight's name (weightSeed). */
  seed: SeedSchema.default(1).describe('seed of the re-initialisation'),
  topK: z
    .union([z.literal('box'), numberIn(0, 100, { lo: true })], { error: (iss) => `expected "box" or a percentage of the pixels in (0, 100], got ${show(iss.input)}` })
    // METHODS.md "Analyses": k = 10 % of the pixels.
    .default(10)
    .describe("top-k overlap's k: a percentage of the pixels (as METHODS.md), or box: each image's box area"),
  /**
   * Options of every method. `timesInput` is left out: each method's own half is what its curve is
   * labelled with (list both halves of a pair to get both).
   */
  options: SaliencyOptionsSchema.omit({ timesInput: true }).prefault({}),
  quick: z.boolean().default(false).describe('20 images'),
});
export type RandomisationConfig = z.output<typeof RandomisationConfigSchema>;

/**
 * The seed a re-initialised weight is drawn with: FNV-1a (32 bit) of `randomisation/<seed>/<weight>`, the
 * weight named `<layer>/<kernel|bias|…>`. A weight gets the same values at every step that re-initialises
 * it (cascading step k + 1 keeps step k's layers as they were), the same seed gives the same weights in
 * every run, and two weights of one layer are not drawn from one stream.
 */
export function weightSeed(seed: number, weight: string): number {
  let h = 0x811c9dc5;
  for (const ch of `randomisation/${seed}/${weight}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** One `--json` line: one method's similarity to the trained model's maps at one step of one mode. */
export interface RandomisationRow {
  analysis: 'randomisation';
  mode: RandomisationMode;
  /** 0: the trained model; cascading k: the top k weighted layers re-initialised; independent k: only the k-th from the top. */
  step: number;
  /** The layer this step re-initialised last (cascading) or alone (independent); TRAINED_LAYER at step 0. */
  layer: string;
  method: string;
  /** Medians over the n images where the measures are defined; null when none is. */
  spearman: number | null;
  ssim: number | null;
  topK: number | null;
  /** Images where both maps have a non-constant |S| (so every measure is defined). */
  n: number;
  /** Images explained. */
  images: number;
}

/** A median with its quartiles, over the images where the measure is defined. */
export interface SimilaritySpread {
  median: number | null;
  q1: number | null;
  q3: number | null;
}

/** One method at one step, as the worker measured it. */
export interface MethodSimilarity {
  method: MethodId;
  spearman: SimilaritySpread;
  ssim: SimilaritySpread;
  topK: SimilaritySpread;
  n: number;
  images: number;
  /** Images whose map is 0 everywhere, of the trained and of the randomised model. */
  allZeroTrained: number;
  allZeroRandomised: number;
}

/** A re-initialised weight: which initialiser of its layer made it. */
export interface ReinitialisedWeight {
  weight: string;
  initializer: string;
  /** Null for an initialiser that draws nothing (zeros, ones, constant). */
  seed: number | null;
}

/** The worker call for one step: the run's maps job, with the layers to re-initialise. */
export interface RandomisationJob extends MapsJob {
  limit: number;
  /** Weighted layers to re-initialise, by name; empty for the trained model itself. */
  randomise: string[];
  /** The analysis' seed (weightSeed derives each weight's). */
  reinitSeed: number;
  topK: TopKSize;
  /** Keep the maps of the first this-many images for the gallery (0: none). */
  gallery: number;
  /** Data randomisation: compare with this run's model (trained on shuffled labels) instead of re-initialising. */
  compareRunDir?: string;
}

/** A gallery image: the model's input as RGB bytes at the gallery's side, and its box there. */
export interface GalleryInput {
  index: number;
  rgb: Uint8Array;
  box: BoxRect | null;
}

export interface RandomisationStepResult {
  /** Test images explained (dataset indices). */
  indices: number[];
  /** Per method, in the job's order. */
  methods: MethodSimilarity[];
  /** What the step re-initialised, weight by weight (empty for the trained model). */
  reinitialised: ReinitialisedWeight[];
  /** Whether the trained maps came from the worker's cache (computed by an earlier step of the same job). */
  trainedFromCache: boolean;
  /** The gallery: side in pixels, inputs, and per method the channel-summed map S of each gallery image. */
  gallery: { side: number; factor: number; inputs: GalleryInput[]; maps: Array<{ method: MethodId; maps: Float32Array[] }> } | null;
  /** What the models could not do as a method asked (rule gaps), one line each. */
  notHonoured: string[];
}

/** The analysis' worker call (src/worker/experiments/randomisation/handlers.ts). */
export interface RandomisationWorkerCalls {
  randomisationStep: { params: RandomisationJob; event: ProgressEvent; result: RandomisationStepResult };
}

/** The analysis file's `detail`: the layers and seeds, and the gallery for the app and the report. */
export interface RandomisationDetail {
  /** Weighted layers from the top (logits first), each with what its re-initialisation drew and the seeds. */
  layers: Array<{ name: string; weights: ReinitialisedWeight[] }>;
  topK: TopKSize;
  gallery: {
    /** Side of every gallery map and input, and the block size it was averaged over (1: full size). */
    side: number;
    factor: number;
    /** RGB uint8 [side × side × 3], base64, with its box at the gallery's side. */
    inputs: Array<{ index: number; rgb: string; box: BoxRect | null }>;
    /** Cascading steps, 0 first: per method, S [side × side] of each gallery image as little-endian float32, base64. */
    steps: Array<{ step: number; layer: string; maps: Array<{ method: string; maps: string[] }> }>;
  } | null;
}

