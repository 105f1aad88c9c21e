/**
 * Every kind's jobs as the app starts them through the one LabApi call `experimentJob({ kind, job, params })`
 * (issue 17, "one kind = one folder"), beside a kind's end-to-end run (`startExperiment`) and its views
 * (views.ts): per kind, per job, its params (the job's own schema, declared with the kind in
 * src/shared/experiments/<kind>.ts) and what the call answers. A job's params are validated here, at the
 * contract, once; the host's definitions are compiled against this table (KindJobs in
 * src/main/host/experiments/experiment-definition.ts) and the renderer starts jobs through
 * src/renderer/api/experiment-job.ts, typed by it.
 */
import type { z } from 'zod';
import { fail, ok, type Result } from '../result.ts';
import { check, dottedPath } from '../schemas/check.ts';
import { BlackboxJobParams } from './blackbox.ts';
import type { ExperimentKind } from './index.ts';
import type { JobStarted } from '../lab-api.ts';

export type { JobStarted } from '../lab-api.ts';

/** Every kind that has jobs of its own, and their params' schemas: one line per kind. */
export const EXPERIMENT_JOB_PARAMS = {
  blackbox: BlackboxJobParams,
} as const satisfies Partial<Record<ExperimentKind, Record<string, z.ZodType>>>;

type Jobs<S extends Record<string, z.ZodType>, R extends { [J in keyof S]: JobStarted }> = { [J in keyof S]: { params: z.input<S[J]>; parsed: z.output<S[J]>; result: R[J] } };

export type ExperimentJobs = {
  blackbox: Jobs<typeof BlackboxJobParams, { dataset: { jobId: string }; train: { jobId: string; runId: string }; maps: { jobId: string } }>;
};

export type JobOwnerKind = keyof ExperimentJobs;
export type JobName<K extends JobOwnerKind> = keyof ExperimentJobs[K] & string;
export type JobParams<K extends JobOwnerKind, J extends JobName<K>> = ExperimentJobs[K][J] extends { params: infer P } ? P : never;
export type JobParsed<K extends JobOwnerKind, J extends JobName<K>> = ExperimentJobs[K][J] extends { parsed: infer P } ? P : never;
export type JobResult<K extends JobOwnerKind, J extends JobName<K>> = ExperimentJobs[K][J] extends { result: infer R } ? R : never;

/**
 * A job's params checked by its own schema (defaults filled in): `experimentJob KIND JOB: field.path: problem`
 * when they are wrong, and a one-line refusal naming the jobs there are when the kind has no such job.
 */
export function parseJobParams(kind: ExperimentKind, job: string, params: unknown): Result<unknown> {
  const jobs: Readonly<Record<string, z.ZodType>> | undefined = Object.hasOwn(EXPERIMENT_JOB_PARAMS, kind) ? EXPERIMENT_JOB_PARAMS[kind as JobOwnerKind] : undefined;
  if (jobs === undefined) return fail('bad-input', `experimentJob: ${kind} has no jobs of its own (start it with startExperiment)`);
  if (!Object.hasOwn(jobs, job)) return fail('bad-input', `experimentJob: ${kind} has no job "${job}" (it has ${Object.keys(jobs).join(', ')})`);
  const checked = check(jobs[job], params);
  if (!checked.ok) return fail('bad-input', `experimentJob ${kind} ${job}: ${dottedPath(checked.path)}: ${checked.problem}`);
  return ok(checked.value);
}
