/**
 * Batches (issue 22): a plan of independent experiment runs, a grid over seeds and config values, run
 * by the host's own queue (`local`), submitted to Slurm as one array job (`slurm`), or only recorded for
 * another scheduler to run member by member (`external`, e.g. a Kubernetes indexed Job). Each member is
 * a normal run of its kind that records the batch (RunManifest.batch); the plan and the members' run ids
 * live in the workspace under batches/<id>/, so every process that sees the workspace sees the batch.
 */
import { z } from 'zod';
import { IdSchema, SeedSchema, intIn } from './schemas/common.ts';
import { show } from './schemas/check.ts';
import type { SeedRun, SeedsRow } from './experiments/seeds.ts';

export const BATCH_EXECUTORS = ['local', 'slurm', 'external'] as const;
export type BatchExecutor = (typeof BATCH_EXECUTORS)[number];

/** Slurm's `--time`: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
const SLURM_TIME = /^(\d+-)?\d+(:\d{1,2}){0,2}$/;
/** Slurm's `--mem`: a number with an optional K/M/G/T unit. */
const SLURM_MEM = /^\d+[KMGT]?$/i;
/** Slurm's `--gres`: name[:type]:count lists, e.g. gpu:1 or gpu:a100:2. */
const SLURM_GRES = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+){0,2}(,[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+){0,2})*$/;
/** Partition names go into a script line: letters, digits and a few marks only. */
const SLURM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const pattern = (re: RegExp, what: string) => z.string().regex(re, { error: (iss) => `expected ${what}, got ${show(iss.input)}` });

/** What an array job asks Slurm for; unset fields are the cluster's defaults. */
export const SlurmOptionsSchema = z.strictObject({
  partition: pattern(SLURM_NAME, 'a partition name').optional(),
  time: pattern(SLURM_TIME, 'a Slurm time limit (minutes, HH:MM:SS or D-HH:MM:SS)').optional(),
  cpus: intIn(1, 1024).optional(),
  mem: pattern(SLURM_MEM, 'a Slurm memory size (e.g. 4G, 8000M)').optional(),
  gres: pattern(SLURM_GRES, 'a Slurm generic resource (e.g. gpu:1)').optional(),
});
export type SlurmOptions = z.output<typeof SlurmOptionsSchema>;

/** One axis of the grid: a flag of the kind and the values it takes, as written on a command line. */
export const GridAxisSchema = z.strictObject({
  flag: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, { error: (iss) => `expected a flag name, got ${show(iss.input)}` }),
  values: z.array(z.string().min(1).max(4096)).min(1).max(100),
});
export type GridAxis = z.output<typeof GridAxisSchema>;

/** A batch as the front doors ask for it; the kind's own flags are read and checked by the kind. */
export const BatchRequestSchema = z.strictObject({
  kind: z.string().min(1).max(40),
  executor: z.enum(BATCH_EXECUTORS, { error: (iss) => `expected one of ${BATCH_EXECUTORS.join(', ')}, got ${show(iss.input)}` }).default('local'),
  seeds: z
    .array(SeedSchema)
    .min(1)
    .max(1000)
    .refine((s) => new Set(s).size === s.length, { error: 'lists a seed twice' }),
  grid: z.array(GridAxisSchema).max(8).default([]),
  /** The kind's own flags for every member (`--quick`, `--epochs 3`), by flag name. */
  flags: z.record(z.string(), z.union([z.string(), z.boolean()])).default({}),
  slurm: SlurmOptionsSchema.default({}),
  /** Members run at once by the local executor. */
  parallel: intIn(1, 64).default(1),
});
export type BatchRequest = z.input<typeof BatchRequestSchema>;
export type CheckedBatchRequest = z.output<typeof BatchRequestSchema>;

/** At most this many members in one batch (one Slurm array; a typo in a grid must not queue a million runs). */
export const MAX_BATCH_MEMBERS = 1000;

export interface BatchMember {
  /** Its index: the Slurm array task id, the Kubernetes completion index. */
  index: number;
  seed: number;
  /** Its grid point: flag → value as written. */
  set: Record<string, string>;
  /** The kind's config for this member, parsed by the kind's schema at submission. */
  config: unknown;
}

/** One `sbatch` of some of the members: the first has all of them, a resubmission those not finished. */
export interface SlurmSubmission {
  jobId: string;
  members: number[];
  at: string;
  script: string;
}

/** batches/<id>/batch.json. */
export interface BatchPlan {
  id: string;
  kind: string;
  executor: BatchExecutor;
  createdAt: string;
  seeds: number[];
  grid: GridAxis[];
  flags: Record<string, string | boolean>;
  backend: string;
  members: BatchMember[];
  slurm?: SlurmOptions & { submissions: SlurmSubmission[] };
}

/**
 * `pending`: waiting to start. `interrupted`: stopped before its run finished with nothing running it
 * now (resubmit resumes it). `cancelled`: stopped on request (resubmit resumes it too).
 */
export const MEMBER_STATES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type MemberState = (typeof MEMBER_STATES)[number];
/** States in which nothing will change the member unless it is resubmitted. */
export const FINAL_MEMBER_STATES: readonly MemberState[] = ['completed', 'failed', 'cancelled', 'interrupted'];

/** One `batch status --json` line. */
export interface BatchMemberStatus {
  member: number;
  run: string | null;
  state: MemberState;
  seed: number;
  set: Record<string, string>;
  /** The Slurm task (`JOB_INDEX`) and the state Slurm gave it, for slurm batches. */
  slurm?: { task: string; state: string | null };
  /** Training epochs done of all, while it trains or once stopped. */
  epochs?: { done: number; of: number };
  /** Why it failed or stopped, in one line. */
  detail?: string;
}

/** `batch submit --json`. */
export interface BatchSubmitted {
  batch: string;
  members: number;
  executor: BatchExecutor;
  /** Slurm's job id, for slurm batches. */
  job?: string;
}

/** A member named by `collect` as missing (not finished) or failed. */
export interface BatchMemberRef {
  member: number;
  seed: number;
  set: Record<string, string>;
  run: string | null;
  state: MemberState;
}

/** The last `batch collect --json` line. */
export interface BatchCollectTail {
  missing: BatchMemberRef[];
  failed: BatchMemberRef[];
}

export const BatchIdParamsSchema = z.strictObject({ batch: IdSchema });
export const BatchResubmitSchema = z.strictObject({ batch: IdSchema, members: z.array(intIn(0, MAX_BATCH_MEMBERS - 1)).optional() });

/** A grid point as a label: `epochs=3 lr=0.01`, or `all` without a grid. */
export function cellLabel(set: Record<string, string>): string {
  const parts = Object.entries(set).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? 'all' : parts.join(' ');
}

/** One grid point's seeds in a batch's aggregate, and the seeds lines over them. */
export interface BatchCell {
  set: Record<string, string>;
  runs: SeedRun[];
  rows: SeedsRow[];
}

/** batches/<id>/aggregate.json: what `collect` found. */
export interface BatchAggregate extends BatchCollectTail {
  batch: string;
  kind: string;
  cells: BatchCell[];
  members: BatchMemberStatus[];
  notes: string[];
  resamples: number;
  bootstrapSeed: number;
}

/** A batch as the app lists it. */
export interface BatchSummary {
  id: string;
  kind: string;
  executor: BatchExecutor;
  createdAt: string;
  members: number;
  seeds: number[];
  grid: GridAxis[];
  flags: Record<string, string | boolean>;
}

export const CollectBatchSchema = z.strictObject({ batch: IdSchema, resamples: intIn(100, 1_000_000).optional() });
