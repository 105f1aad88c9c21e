/**
 * Faithfulness under several fills (issue 19; METHODS.md "Analyses"): deletion and insertion curves,
 * SRG (the area between the least- and most-relevant-first deletion curves) and ROAD (noisy linear
 * imputation instead of a fill), per method, controls included. On the black-box data a black fill IS the
 * box, so a black-fill deletion score shares RectGrad's input bias; the other fills show by how much.
 */
import { z } from 'zod';
import { SALIENCY_METHOD_IDS, type MethodId, type SaliencyOptions } from '../saliency.ts';
import { TrainedRunIdSchema, SeedSchema, intIn } from '../schemas/common.ts';
import { show } from '../schemas/check.ts';
import { MethodIdSchema, SaliencyOptionsSchema } from '../schemas/saliency.ts';
import type { ProgressEvent } from '../progress.ts';
import type { TrainPreprocessing } from '../run.ts';

/** What removed pixels become (raw [0, 1] RGB, before the run's preprocessing). */
export const FAITHFULNESS_FILLS = ['black', 'mean', 'blur', 'noise', 'invert'] as const;
export type FaithfulnessFill = (typeof FAITHFULNESS_FILLS)[number];
export const FILL_TEXT: Record<FaithfulnessFill, string> = {
  black: 'black (0)',
  mean: "the dataset's mean colour",
  blur: 'a Gaussian blur of the image (σ = 5 % of the side)',
  noise: 'uniform noise in [0, 1] (seeded)',
  invert: 'the inverted image 1 − x',
};
/** ROAD has no fill: removed pixels are imputed from their neighbours (Rong et al. 2022). */
export const ROAD_FILL = 'imputation';

/** Controls ranked like methods: chance (random) and an edge detector (Sobel edges of the input). */
export const FAITHFULNESS_CONTROLS = ['random', 'edges'] as const;
export type FaithfulnessControl = (typeof FAITHFULNESS_CONTROLS)[number];

export const FAITHFULNESS_SCORES = ['deletion', 'insertion', 'srg', 'road'] as const;
export type FaithfulnessScore = (typeof FAITHFULNESS_SCORES)[number];
/** Which way is better for each score: deletion and ROAD (most relevant removed first) fall fast for a faithful map. */
export const SCORE_BETTER: Record<FaithfulnessScore, 'lower' | 'higher'> = { deletion: 'lower', insertion: 'higher', srg: 'higher', road: 'lower' };

const enumList = <T extends string>(values: readonly T[], what: string) =>
  z
    .array(z.enum(values as [T, ...T[]], { error: (iss) => `expected ${what} among ${values.join(', ')}, got ${show(iss.input)}` }))
    .min(1)
    .max(values.length)
    .refine((v) => new Set(v).size === v.length, { error: `lists a ${what} twice` });

export const FaithfulnessConfigSchema = z.strictObject({
  run: TrainedRunIdSchema,
  fills: enumList(FAITHFULNESS_FILLS, 'fill').default([...FAITHFULNESS_FILLS]).describe('what removed pixels become'),
  /** ROAD as well (one more step: imputation instead of a fill). */
  road: z.boolean().default(true).describe('ROAD with noisy linear imputation too: on | off'),
  /** Points of each curve after the first: 20 = steps of 5 % of the pixels (METHODS.md: 1–5 %). */
  steps: intIn(20, 100).default(20).describe('points per curve after the first, 20–100; 20 is steps of 5 % of the pixels'),
  methods: z
    .array(MethodIdSchema)
    .min(1)
    .max(SALIENCY_METHOD_IDS.length)
    .refine((ms) => new Set(ms).size === ms.length, { error: 'lists a method twice' })
    .default(['rectgrad', 'nobias-rectgrad', 'gradient', 'guided-backprop'])
    .describe('methods to rank pixels by; random and edges controls always'),
  /** Test images with a box (the run's own, in its order). */
  limit: intIn(1, 100_000).default(50).describe('test images with a box'),
  /** Ties in |S| are broken at random with it; it also draws the noise fill and the random control. */
  seed: SeedSchema.default(1).describe('ties, the noise fill and the random control'),
  options: SaliencyOptionsSchema.prefault({}),
  quick: z.boolean().default(false).describe('10 images, three methods'),
});
export type FaithfulnessConfig = z.output<typeof FaithfulnessConfigSchema>;

/** One `--json` line: a score of one method (or control) under one fill, the median over images. */
export interface FaithfulnessRow {
  analysis: 'faithfulness';
  score: FaithfulnessScore;
  fill: FaithfulnessFill | typeof ROAD_FILL;
  method: MethodId | FaithfulnessControl;
  /** Median over images of the AUC of the normalised score curve (SRG: of the difference of two AUCs). */
  auc: number | null;
  /** Images where the curve is defined (f(x) ≠ f(all filled)). */
  n: number;
  /** Paired Wilcoxon p of this method's per-image AUC against the random control's; null for the control itself or with no pairs. */
  pVsRandom: number | null;
}

export interface FaithfulnessJob {
  datasetDir: string;
  datasetSize: number;
  runDir: string;
  testFraction: number;
  seed: number;
  preprocessing: TrainPreprocessing;
  limit: number;
  methods: MethodId[];
  options: SaliencyOptions;
  /** A fill, or ROAD's imputation. */
  fill: FaithfulnessFill | typeof ROAD_FILL;
  steps: number;
  /** Seed of tie-breaks, the noise fill and the random control. */
  analysisSeed: number;
}

/** The mean normalised curve of one method and score, with the per-point n, for the charts. */
export interface MeanCurve {
  method: string;
  score: 'deletion' | 'insertion' | 'lerf' | 'road';
  /** Fraction of pixels removed (or inserted) at each point. */
  fractions: number[];
  mean: Array<number | null>;
  n: number;
}

export interface FaithfulnessFillResult {
  fill: FaithfulnessFill | typeof ROAD_FILL;
  images: number;
  rows: Array<Omit<FaithfulnessRow, 'analysis' | 'fill'>>;
  curves: MeanCurve[];
  /** Images where the all-filled image scores at least f(x): the fill itself reads as the feature (black on a black-box model), and normalised curves leave [0, 1]. */
  fillRaisesScore: number;
  /** Forward passes run and their seconds, for the bench. */
  forwardPasses: number;
  seconds: number;
}

/** A method the paired test cannot tell from the random control at this level is marked †. */
export const CHANCE_P = 0.05;

/** True when the score cannot tell the row's method from the random control (no test counts as not telling). */
export function indistinguishableFromChance(r: Pick<FaithfulnessRow, 'method' | 'pVsRandom'>): boolean {
  return r.method !== 'random' && (r.pVsRandom === null || r.pVsRandom >= CHANCE_P);
}

/** What the faithfulness file keeps beside its rows, for the charts and the agreement table. */
export interface FaithfulnessDetail {
  images: number;
  /** Mean normalised curves per fill (charts). */
  curves: Record<string, MeanCurve[]>;
  /** Per score: Kendall τ-b between the methods' median AUCs under each pair of fills. */
  agreement: Array<{ score: FaithfulnessScore; a: FaithfulnessFill | typeof ROAD_FILL; b: FaithfulnessFill | typeof ROAD_FILL; tau: number | null; methods: number }>;
  forwardPasses: number;
  forwardSeconds: number;
}

/** Methods ranked by a score under one fill, best first (ties share a rank); methods without a value are left out. */
export function rankMethods(rows: readonly FaithfulnessRow[], score: FaithfulnessScore, fill: FaithfulnessFill | typeof ROAD_FILL): Array<{ method: string; rank: number; auc: number }> {
  const sign = SCORE_BETTER[score] === 'lower' ? 1 : -1;
  const list = rows.filter((r) => r.score === score && r.fill === fill && r.auc !== null).map((r) => ({ method: r.method as string, auc: r.auc! }));
  list.sort((x, y) => sign * (x.auc - y.auc));
  return list.map((r) => ({ ...r, rank: 1 + list.filter((o) => sign * (o.auc - r.auc) < 0).length }));
}

export interface FaithfulnessWorkerCalls {
  faithfulnessFill: { params: FaithfulnessJob; event: ProgressEvent; result: FaithfulnessFillResult };
}
