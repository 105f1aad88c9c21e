/**
 * The control arm (issue 18, analysis 3; METHODS.md "Control arm"): the run's model retrained, on the same
 * data with the same recipe, under a re-encoded input, and the same maps and metrics computed under each
 * encoding. `identity` is x in [0, 1] (black is 0), `invert` is 1 − x (the black box becomes white, the
 * zero point moves to white), `shift` is the mean shift x − 0.5 (the zero point moves to mid-grey). If
 * RectGrad's blind spot follows the encoding and not the content, its zeros leave the box under invert.
 * METHODS.md shifts by the dataset mean m; the lab shifts by 0.5, the centred encoding every other view
 * already explains (the sweep, the zero-point chips): both move the zero point off black, to mid-grey here
 * rather than the mean colour (≈ 0.29 on the generated backgrounds). Said in the arm's text and report.
 */
import { z } from 'zod';
import type { TrainPreprocessing } from '../run.ts';
import { TrainedRunIdSchema, intIn } from '../schemas/common.ts';
import { show } from '../schemas/check.ts';
import { MapsRequestSchema } from '../schemas/lab-api.ts';
import { SaliencyOptionsSchema } from '../schemas/saliency.ts';
import type { AnalysisMetric } from './analysis-common.ts';

export const CONTROL_ARMS = ['identity', 'invert', 'shift'] as const;
export type ControlArm = (typeof CONTROL_ARMS)[number];

/** The training preprocessing (src/shared/run.ts) each arm trains and explains on. */
export const CONTROL_ARM_PREPROCESSING: Record<ControlArm, TrainPreprocessing> = { identity: 'unit', invert: 'inverted', shift: 'centred' };

/** Each arm in words: what the model sees, and where its zero point is in raw pixels. */
export const CONTROL_ARM_TEXT: Record<ControlArm, string> = {
  identity: 'x in [0, 1]: black is 0',
  invert: '1 − x: the black box is 1, white is 0',
  shift: 'x − 0.5: mid-grey is 0, the black box is −0.5 (a shift by 0.5, not by the dataset mean m of METHODS.md)',
};

/** The methods every analysis compares by default: both halves of the RectGrad pair, and two references. */
export const DEFAULT_CONTROL_ARM_METHODS = ['rectgrad', 'nobias-rectgrad', 'gradient', 'guided-backprop'] as const;

export const ControlArmConfigSchema = z.strictObject({
  run: TrainedRunIdSchema,
  arms: z
    .array(z.enum(CONTROL_ARMS, { error: (iss) => `expected one of ${CONTROL_ARMS.join(', ')}, got ${show(iss.input)}` }))
    .min(1)
    .max(CONTROL_ARMS.length)
    .refine((a) => new Set(a).size === a.length, { error: 'lists an arm twice' })
    .default([...CONTROL_ARMS])
    .describe(`arms, each the run’s recipe retrained on its input: ${CONTROL_ARMS.map((a) => `${a} = ${CONTROL_ARM_TEXT[a].split(':')[0]}`).join(', ')}`),
  methods: MapsRequestSchema.shape.methods.default([...DEFAULT_CONTROL_ARM_METHODS]).describe('comma-separated method ids'),
  /** Test images with a box to explain under each arm (each arm's own split of the same data: the same images). */
  limit: intIn(1, 100_000).default(100).describe('explain at most N test images with a box under each arm'),
  options: SaliencyOptionsSchema.prefault({}),
  quick: z.boolean().default(false).describe('20 images per arm (the training is the run\'s own recipe)'),
});
export type ControlArmConfig = z.output<typeof ControlArmConfigSchema>;

/** One `--json` line: a metric of one method under one arm. */
export interface ControlArmRow {
  analysis: 'control-arm';
  arm: ControlArm;
  method: string;
  metric: AnalysisMetric;
  median: number | null;
  n: number;
}

/** One arm's model: the run itself (its own encoding) or the child run trained for the arm. */
export interface ControlArmModel {
  arm: ControlArm;
  preprocessing: TrainPreprocessing;
  runId: string;
  /** True when the arm is the run's own encoding, so the run itself is that arm's model. */
  reused: boolean;
  testAccuracy: number | null;
  /** Images explained under the arm. */
  images: number;
}

/** What the view and the report need besides the rows: each arm's model. */
export interface ControlArmDetail {
  models: ControlArmModel[];
}
