/**
 * Experiment 2's config (METHODS.md, paper Fig. 2): a faces dataset, the VAE, the concept vector and the
 * concept-saliency maps. Defaults filled here, once; the run records exactly what ran. Its worker calls at the end.
 */
import { MAX_DATASET_BYTES, imagesMemoryProblem } from '../memory-limits.ts';
import { z } from 'zod';
import { DEFAULT_CONCEPT_JOB, DEFAULT_FACES_DATASET, DEFAULT_VAE_TRAIN_CONFIG as V, VAE_PRESETS, VAE_PRESET_TRAINING } from '../faces.ts';
import { SALIENCY_METHOD_IDS } from '../saliency.ts';
import { show } from '../schemas/check.ts';
import { IdSchema, PathSchema, SeedSchema, intIn, numberIn } from '../schemas/common.ts';
import { BackendChoiceSchema } from '../schemas/run.ts';
import { RunViewParamsSchema, isRecord } from './common.ts';
import type { BuildFacesJob, BuildFacesResult, ConceptJob, VaePreset, ConceptMapsJob, ConceptMapsResult, ConceptResult, VaeTrainEvent, VaeTrainJob, VaeTrainResult } from '../faces.ts';
import type { ProgressEvent } from '../progress.ts';
import { MethodIdSchema, MethodNameSchema, SaliencyOptionsSchema } from '../schemas/saliency.ts';

/** A value that follows the VAE preset, as help shows it: `the preset’s: cpu 3, reference 10`. */
function presetsText(value: (preset: VaePreset) => number): string {
  return `the preset’s: ${(['cpu', 'reference'] as const).map((p) => `${p} ${value(p)}`).join(', ')}`;
}

export const FacesSourceSchema = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('generated') }), z.strictObject({ kind: z.literal('celeba'), path: PathSchema })]).describe('generated faces, or a CelebA folder');

export const FacesDatasetConfigSchema = z.strictObject({
  source: FacesSourceSchema,
  /** Five stride-2 convs: a multiple of 32. */
  size: intIn(32, 256).refine((s) => s % 32 === 0, { error: (iss) => `expected a multiple of 32 (the encoder halves it five times), got ${show(iss.input)}` })
    .meta({ description: 'image side, a multiple of 32', defaultHelp: presetsText((p) => VAE_PRESETS[p].size) }),
  count: intIn(4, 300_000).describe('faces in all'),
  seed: SeedSchema.describe('seed of the faces'),
  testFraction: numberIn(0.05, 0.5),
  attribute: z.string().min(1).max(100).optional(),
  perGroup: intIn(1, 100_000).optional(),
  name: z.string().min(1).max(200).optional(),
}).superRefine((c, ctx) => {
  // The worker holds every face's pixels at once (and a mask per face): refuse what it cannot hold, in numbers.
  const memory = imagesMemoryProblem(c.count, c.size, 4 / 3, MAX_DATASET_BYTES, 'faces');
  if (memory !== null) ctx.addIssue({ code: 'custom', path: ['count'], message: memory });
});

export const VaeTrainOptionsSchema = z.strictObject({
  preset: z.enum(['cpu', 'reference'], { error: (iss) => `expected cpu or reference, got ${show(iss.input)}` }).default(V.preset).describe(`VAE preset (cpu: ${VAE_PRESETS.cpu.size}², reference: ${VAE_PRESETS.reference.size}², latent ${VAE_PRESETS.reference.latent})`),
  latent: intIn(2, 2048).optional().meta({ description: 'latent dimensions', defaultHelp: presetsText((p) => VAE_PRESETS[p].latent) }),
  epochs: intIn(1, 1000).default(V.epochs).meta({ description: 'epochs', defaultHelp: presetsText((p) => VAE_PRESET_TRAINING[p].epochs) }),
  batchSize: intIn(1, 1024).default(V.batchSize).describe('batch size'),
  learningRate: numberIn(0, 1, { lo: true, hi: true }).default(V.learningRate).meta({ description: 'Adam learning rate', defaultHelp: presetsText((p) => VAE_PRESET_TRAINING[p].learningRate) }),
  klWeight: numberIn(0, 1).default(V.klWeight),
  seed: SeedSchema.default(V.seed).describe('seed of the training'),
  reconstructionCount: intIn(1, 32).default(V.reconstructionCount),
  backend: BackendChoiceSchema.optional(),
});

const C = DEFAULT_CONCEPT_JOB;
export const ConceptOptionsSchema = z.strictObject({
  attribute: z.string().min(1).max(100).default(C.attribute).describe('the concept’s attribute'),
  /** Training faces with and without the attribute whose mean μ make the concept vector (METHODS.md: 500 each). */
  perGroup: intIn(1, 100_000).default(C.perGroup).describe('training faces with and without the attribute, each'),
  /** z = μ(x) (our default) or a sampled z with a fixed seed (the reference). */
  latent: z.enum(['mean', 'sampled']).default(C.latent).describe('z of the concept: mean = μ(x), or sampled with a fixed seed (the reference)'),
  alphas: z.array(numberIn(-100, 100)).min(1).max(21).default([...C.alphas]),
  traversalCount: intIn(1, 16).default(C.traversalCount),
  seed: SeedSchema.default(C.seed).describe('seed of the sampled z'),
});

export const ConceptMapsOptionsSchema = z.strictObject({
  methods: z
    .array(MethodIdSchema)
    .min(1)
    .max(SALIENCY_METHOD_IDS.length)
    .refine((ms) => new Set(ms).size === ms.length, { error: 'lists a method twice' })
    .default([...SALIENCY_METHOD_IDS])
    .describe('comma-separated method ids'),
  options: SaliencyOptionsSchema.prefault({}),
  /** Test faces explained per group: dark glasses, clear glasses, none. */
  perGroup: intIn(1, 1000).default(20).describe('test faces explained per group'),
});

/** A dataset side and training settings not given follow the VAE preset (cpu 64², reference 128²); the dataset checks the concept's attribute. */
function presetDefaults(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const preset = isRecord(v.train) && (v.train.preset === 'reference' || v.train.preset === 'cpu') ? v.train.preset : V.preset;
  const dataset = v.dataset === undefined ? {} : v.dataset;
  if (!isRecord(dataset)) return v;
  const train = v.train === undefined ? {} : v.train;
  // The dataset build checks the concept's attribute and group size, so a bad one fails before training.
  const concept = isRecord(v.concept) ? v.concept : {};
  const attribute = typeof concept.attribute === 'string' ? concept.attribute : C.attribute;
  const perGroup = typeof concept.perGroup === 'number' ? concept.perGroup : C.perGroup;
  return {
    ...v,
    dataset: { ...DEFAULT_FACES_DATASET, size: VAE_PRESETS[preset].size, attribute, perGroup, ...dataset },
    ...(isRecord(train) ? { train: { ...VAE_PRESET_TRAINING[preset], ...train } } : {}),
  };
}

export const VaeConceptExperimentConfigSchema = z.preprocess(
  presetDefaults,
  z.strictObject({
    dataset: FacesDatasetConfigSchema,
    train: VaeTrainOptionsSchema.prefault({}),
    concept: ConceptOptionsSchema.prefault({}),
    maps: ConceptMapsOptionsSchema.prefault({}),
    quick: z.boolean().default(false).describe('a small run for trying it out'),
  }),
);
export type VaeConceptExperimentConfig = z.output<typeof VaeConceptExperimentConfigSchema>;

/**
 * The params of the app's views of experiment 2 (experimentView 'vae-concept' VIEW; results in views.ts,
 * readers in src/main/host/experiments/vae-concept/views.ts).
 */
export const VaeConceptViewParams = {
  /** A faces dataset's items (attributes, glasses style, split, landmarks). */
  faces: z.strictObject({ datasetId: IdSchema }),
  /** A VAE concept run: manifest, dataset, training events, concept, maps overview. */
  run: RunViewParamsSchema,
  /** A VAE run's fixed test faces and their reconstructions after `epoch`. */
  reconstructions: z.strictObject({ runId: IdSchema, epoch: intIn(1, 100_000) }),
  /** One concept-saliency map of a VAE run, with the input's channel mean and the eye region. */
  map: z.strictObject({ runId: IdSchema, method: MethodNameSchema, index: intIn(0, 2 ** 31 - 1) }),
} as const;

/** Experiment 2's worker calls (payloads in src/shared/faces.ts; handlers in src/worker/experiments/vae-concept/handlers.ts). */
export interface VaeConceptWorkerCalls {
  buildFaces: { params: BuildFacesJob; event: ProgressEvent; result: BuildFacesResult };
  trainVae: { params: VaeTrainJob; event: VaeTrainEvent; result: VaeTrainResult };
  concept: { params: ConceptJob; event: ProgressEvent; result: ConceptResult };
  conceptMaps: { params: ConceptMapsJob; event: ProgressEvent; result: ConceptMapsResult };
}
