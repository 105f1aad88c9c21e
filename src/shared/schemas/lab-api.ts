/**
 * One schema per LabApi call (issue 7): the host parses every payload with these, whichever door it
 * came through (web, IPC, CLI), and hands on the parsed value, so defaults are applied once and what a
 * run records is what ran. The params types of `LabCalls` are checked against them at compile time.
 */
import { z } from 'zod';
import type { LabCallName, LabCalls } from '../lab-api.ts';
import { fail, ok, type Result } from '../result.ts';
import { type Assert, type Same, check, dottedPath, show } from './check.ts';
import { IdSchema, PathSchema, intIn } from './common.ts';
import { MethodIdSchema, SaliencyOptionsSchema } from './saliency.ts';
import { KerasGraphSchema } from './models.ts';
import { UpdateRunInfoSchema } from './run-info.ts';
import { SALIENCY_METHOD_IDS } from '../saliency.ts';
import { EXPERIMENT_KINDS } from '../experiments/index.ts';
import { PREPROCESSING_IDS } from '../preprocessing.ts';
import { BatchIdParamsSchema, BatchRequestSchema, BatchResubmitSchema, CollectBatchSchema } from '../batch.ts';

const none = z.strictObject({});

const mapsFields = {
  methods: z
    .array(MethodIdSchema)
    .min(1)
    .max(SALIENCY_METHOD_IDS.length)
    .refine((ms) => new Set(ms).size === ms.length, { error: 'lists a method twice' }),
  options: SaliencyOptionsSchema,
  limit: intIn(1, 100_000).optional(),
};

/** The maps step of a run as the host takes it: which methods, with which options (all defaulted), on how many test images. */
export const MapsRequestSchema = z.strictObject({ ...mapsFields, options: SaliencyOptionsSchema.prefault({}) });
export type MapsRequest = z.input<typeof MapsRequestSchema>;

export const LAB_CALL_SCHEMAS = {
  getInfo: none,
  openWorkspace: z.strictObject({ path: PathSchema }),
  listDatasets: none,
  getDatasetItems: z.strictObject({ datasetId: IdSchema }),
  deleteDataset: z.strictObject({ datasetId: IdSchema }),
  listRuns: none,
  resumeTraining: z.strictObject({ runId: IdSchema }),
  // `method` stays a string in the contract (the renderer keys maps by the sidecars' names) but must name a method.
  writeReport: z.strictObject({ runId: IdSchema, pdf: z.boolean().optional(), paper: z.enum(['a4', 'letter'], { error: (iss) => `expected a4 or letter, got ${show(iss.input)}` }).optional() }),
  deleteRun: z.strictObject({ runId: IdSchema }),
  updateRunInfo: UpdateRunInfoSchema,
  exportRunArchive: z.strictObject({ runId: IdSchema }),
  importRunArchive: z.strictObject({ path: PathSchema }),
  listJobs: none,
  cancelJob: z.strictObject({ jobId: IdSchema }),
  listExperiments: none,
  // The config is checked against its kind's schema by the host before the job starts (LabHost.checkExperiment).
  startExperiment: z.strictObject({ kind: z.enum(EXPERIMENT_KINDS, { error: (iss) => `expected ${EXPERIMENT_KINDS.join(' or ')}, got ${show(iss.input)}` }), config: z.record(z.string(), z.unknown()).prefault({}) }),
  listModels: none,
  importModel: z.strictObject({
    source: z.string().min(1).max(4096),
    name: z.string().min(1).max(200).optional(),
    preprocessing: z.enum(PREPROCESSING_IDS, { error: (iss) => `expected one of ${PREPROCESSING_IDS.join(', ')}, got ${show(iss.input)}` }).optional(),
    kerasGraph: KerasGraphSchema.optional(),
  }),
  // The view's params are checked by the view's own schema (LabHost.experimentView; src/shared/experiments/views.ts).
  experimentView: z.strictObject({
    kind: z.enum(EXPERIMENT_KINDS, { error: (iss) => `expected ${EXPERIMENT_KINDS.join(' or ')}, got ${show(iss.input)}` }),
    view: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a view name (lower-case letters, digits, -)'),
    params: z.record(z.string(), z.unknown()).prefault({}),
  }),
  // The job's params are checked by the job's own schema (parseJobParams, src/shared/experiments/jobs.ts).
  experimentJob: z.strictObject({
    kind: z.enum(EXPERIMENT_KINDS, { error: (iss) => `expected ${EXPERIMENT_KINDS.join(' or ')}, got ${show(iss.input)}` }),
    job: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a job name (lower-case letters, digits, -)'),
    params: z.record(z.string(), z.unknown()).prefault({}),
  }),
  listBatches: none,
  submitBatch: BatchRequestSchema,
  batchStatus: BatchIdParamsSchema,
  cancelBatch: BatchIdParamsSchema,
  resubmitBatch: BatchResubmitSchema,
  collectBatch: CollectBatchSchema,
} as const satisfies { [K in LabCallName]: z.ZodType };

/** A call's params after parsing: defaults filled in; what the handlers receive. */
export type LabCallParams<K extends LabCallName> = z.output<(typeof LAB_CALL_SCHEMAS)[K]>;

/**
 * Parses a call's params: the value to hand on, or a 'bad-input' error `call: field.path: problem`.
 * @example parseCallParams('deleteRun', { runId: 7 }) // { ok: false, error: { kind: 'bad-input', message: 'deleteRun: runId: expected an id, got 7' } }
 */
export function parseCallParams<K extends LabCallName>(call: K, params: unknown): Result<LabCallParams<K>> {
  const r = check(LAB_CALL_SCHEMAS[call], params);
  return r.ok ? ok(r.value as LabCallParams<K>) : fail('bad-input', `${call}: ${dottedPath(r.path)}: ${r.problem}`);
}

/** What clients may send is what the schemas accept, call by call. */
export type LabCallsMatchSchemas = Assert<Same<{ [K in LabCallName]: z.input<(typeof LAB_CALL_SCHEMAS)[K]> }, { [K in LabCallName]: LabCalls[K]['params'] }>>;
