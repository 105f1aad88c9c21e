/**
 * Training options (what a caller may choose; defaults applied here, once) and a training request as
 * the host takes it. What is recorded in runs/<id>/manifest.json is exactly the parsed value.
 */
import { z } from 'zod';
import { BACKEND_CHOICES } from '../engine.ts';
import { DEFAULT_TRAIN_CONFIG as D, type RunManifest, TRAIN_PREPROCESSING, type TrainConfig } from '../run.ts';
import { type Assert, type Same, show } from './check.ts';
import { IdSchema, SeedSchema, intIn, numberIn } from './common.ts';

export const BackendChoiceSchema = z.enum(BACKEND_CHOICES, { error: (iss) => `expected one of ${BACKEND_CHOICES.join(', ')}, got ${show(iss.input)}` });

/**
 * `backend` has no default here: a host without one in the request trains on its own choice
 * (--backend), and records that.
 */
export const TrainOptionsSchema = z.strictObject({
  // Issue 7: `model: "resnet50"` was recorded while the black-box CNN was trained.
  model: z.literal('blackbox-cnn', { error: (iss) => `expected "blackbox-cnn" (the only model a black-box training trains), got ${show(iss.input)}` }).default(D.model),
  epochs: intIn(1, 1000).default(D.epochs).describe('epochs'),
  batchSize: intIn(1, 4096).default(D.batchSize).describe('batch size'),
  learningRate: numberIn(0, 1, { lo: true, hi: true }).default(D.learningRate).describe('Adam learning rate'),
  seed: SeedSchema.default(D.seed).describe('seed of the training'),
  /** Stratified hold-out: below 5 % the test accuracy measures a handful of images, above half the training starves. */
  testFraction: numberIn(0.05, 0.5).default(D.testFraction),
  /** Held out of the training split and watched each epoch; 0 watches the test split every epoch instead (as before issue 21). */
  validationFraction: numberIn(0, 0.5).default(D.validationFraction).describe('share of the training images held out and watched every epoch; 0 watches the test split every epoch instead'),
  backend: BackendChoiceSchema.optional(),
  /** Issue 9: `centred` (x − 0.5) moves RectGrad's suppressed point from black to mid-grey. */
  /** Issue 18: maps of this many fixed test images after every epoch (0 = none); each costs a backward pass per method per epoch. */
  snapshots: intIn(0, 64).default(D.snapshots).describe('maps of N fixed test images after every epoch, for the slider and the report strip'),
  /** Issue 18's data randomisation: train on a seeded permutation of the training labels. */
  shuffledLabels: z.boolean().default(D.shuffledLabels),
  preprocessing: z.enum(TRAIN_PREPROCESSING, { error: (iss) => `expected one of ${TRAIN_PREPROCESSING.join(', ')}, got ${show(iss.input)}` }).default(D.preprocessing).describe('model input: unit = x in [0, 1], centred = x − 0.5, inverted = 1 − x'),
});

export type TrainOptionsInput = z.input<typeof TrainOptionsSchema>;
export type TrainOptions = z.output<typeof TrainOptionsSchema>;

/** A new run on `datasetId`, or a resume of `resumeRunId`, which keeps the config it recorded. */
export const TrainRequestSchema = z
  .strictObject({
    datasetId: IdSchema.optional(),
    config: TrainOptionsSchema.optional(),
    resumeRunId: IdSchema.optional(),
    kind: z.enum(['train', 'experiment']).optional(),
    name: z.string().min(1).max(200).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.resumeRunId === undefined && r.datasetId === undefined) ctx.addIssue({ code: 'custom', path: ['datasetId'], message: 'a new run needs a dataset id' });
    if (r.resumeRunId !== undefined && r.config !== undefined) ctx.addIssue({ code: 'custom', path: ['config'], message: 'a resumed run keeps the config it recorded; give none' });
  });

export type TrainRequest = z.input<typeof TrainRequestSchema>;

export type TrainOptionsMatchSchema = Assert<Same<Required<TrainOptions>, Omit<TrainConfig, 'datasetId'>>>;
export type TrainOptionsInputMatchSchema = Assert<Same<TrainOptionsInput, Partial<Omit<TrainConfig, 'datasetId'>>>>;
export type RunKindMatchesSchema = Assert<Same<NonNullable<TrainRequest['kind']>, RunManifest['kind']>>;
