/**
 * One experiment kind, as the host runs it (DESIGN.md "Experiments are one thing"). The CLI, the web
 * app and the desktop app only pick a kind, hand it a config and show the stages it reports; the
 * definition owns everything between. Adding a kind is a folder beside this file and a line in
 * registry.ts.
 */
import { z } from 'zod';
import type { ExperimentInfo } from '../../../shared/experiments/index.ts';
import type { RunManifest } from '../../../shared/run.ts';
import { type Checked, check } from '../../../shared/schemas/check.ts';
import { mergeUnder } from '../../../shared/experiments/common.ts';
import type { ExperimentViews, ViewKind } from '../../../shared/experiments/views.ts';
import { type ProgressUnits, type RunProgress, etaFromPace, expectedDone, wholeRunEta } from '../../../shared/progress.ts';
import type { ExperimentHooks, HostContext, JobControl } from '../host-context.ts';
import type { JobKind } from '../../../shared/lab-api.ts';
import type { Result } from '../../../shared/result.ts';
import type { JobName, JobOwnerKind, JobParsed, JobResult } from '../../../shared/experiments/jobs.ts';

export type { ExperimentHooks } from '../host-context.ts';
import type { ReportContent } from '../report/write-report.ts';

/** How a config field is spelled on the command line: `--flag VALUE` sets the field at `path`. */
export interface FlagSpec {
  /** Dotted field path in the config, e.g. `train.epochs`; several paths for one flag (a shared seed). */
  paths: readonly string[];
  /** How the text becomes a value; the schema then says whether the value is allowed. */
  read: 'number' | 'text' | 'list' | 'on-off' | 'switch' | ((text: string) => unknown);
  /** The value as usage shows it (`N`, `LIST`, `generated|imagenette|PATH`). */
  arg?: string;
  help: string;
}


/**
 * A view of a kind's results the app reads (`experimentView(kind, view, params)`): its params are parsed
 * with the view's own schema at the host's edge, so a view body sees typed, checked values. `P` is what
 * the schema gives, `I` what it takes, `R` what the view gives.
 */
export interface ExperimentView<P = unknown, R = unknown, I = unknown> {
  params: z.ZodType<P, I>;
  read(host: HostContext, params: P): Promise<R>;
}

export function view<P, R, I>(params: z.ZodType<P, I>, read: (host: HostContext, params: P) => Promise<R>): ExperimentView<P, R, I> {
  return { params, read };
}

/**
 * A kind's views as src/shared/experiments/views.ts declares them (`views: { … } satisfies KindViews<'sweep'>`):
 * every view there, each taking the params and giving the result the renderer is typed by.
 */
export type KindViews<K extends ViewKind> = { readonly [V in keyof ExperimentViews[K]]: ExperimentView<unknown, ExperimentViews[K][V] extends { result: infer R } ? R : never, ExperimentViews[K][V] extends { params: infer P } ? P : never> };

/**
 * One of a kind's jobs the app starts (`experimentJob(kind, job, params)`): its params arrive parsed by the
 * job's schema (src/shared/experiments/jobs.ts); `prepare` checks what the job needs before a job exists
 * (a missing dataset is refused at the call, not as a failed job) and says how the job bar names it; `run`
 * is the work. A job that makes a run answers the call with its id once `control.runCreated` is called.
 */
export interface ExperimentJob<P = unknown> {
  /** The call answers once the job has made its run (with its id), not at once. */
  readonly answersWithRun?: boolean;
  prepare(host: HostContext, params: P): Promise<{ kind: JobKind; label: string; runId?: string; datasetId?: string }>;
  run(host: HostContext, params: P, control: JobControl): Promise<Result<unknown>>;
}

/** A kind's jobs as src/shared/experiments/jobs.ts declares them: every job there, each taking its parsed params; a job that answers with a run says so. */
export type KindJobs<K extends JobOwnerKind> = {
  readonly [J in JobName<K>]: ExperimentJob<JobParsed<K, J>> & (JobResult<K, J> extends { runId: string } ? { readonly answersWithRun: true } : { readonly answersWithRun?: false });
};

/** The params of a view of one run. */
export { RunViewParamsSchema } from '../../../shared/experiments/common.ts';

export interface ExperimentDefinition<Config = unknown, Summary extends object = object> {
  readonly info: ExperimentInfo;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** The config's schema (src/shared/experiments/<kind>.ts): types, bounds, defaults. */
  readonly schema: z.ZodType<Config>;
  /** A small run for trying it out (`quick: true`): these values go under whatever the input sets. */
  readonly quickPreset: Record<string, unknown>;
  /** Runs every stage; resolves with the finished run's manifest. */
  run(host: HostContext, config: Config, hooks: ExperimentHooks): Promise<RunManifest>;
  /**
   * Runs the stages a killed or cancelled run has not finished (`run.stagesDone`), with the config it
   * recorded; kinds whose run is one stage have none. The host has checked that the run is this kind's.
   */
  resume?(host: HostContext, run: RunManifest, config: Config, hooks: ExperimentHooks): Promise<RunManifest>;
  /** For a run from before stages were tracked: the stages it finished, told from what it holds. */
  legacyStagesDone?(host: HostContext, run: RunManifest): string[] | Promise<string[]>;
  /**
   * About how long a run of this config takes on a 2-core machine (the measured pace of this kind,
   * scaled by its images, epochs and pixels), so a long run can say so before it starts; absent when
   * the kind has no measured pace.
   */
  expectedSeconds?(config: Config): number;
  /**
   * The same, stage by stage (keyed by `info.stages`), for the whole run's ETA while it runs (issue 21):
   * the stage under way at its own pace, the stages still to come at their expected share.
   */
  expectedStageSeconds?(config: Config): Readonly<Record<string, number>>;
  /** The numbers a front door prints for a finished run (the CLI's `--json` line). */
  summarize(host: HostContext, run: RunManifest): Summary | Promise<Summary>;
  /** The summary as a few human lines. */
  describe(summary: Summary): string[];
  /** What `--json` prints, one object per line (an analysis prints one per row); the summary alone when absent. */
  jsonLines?(summary: Summary): object[];
  /** The jobs the app starts on this kind besides its whole run (the black box: dataset, train, maps), by job name. */
  jobs?: Readonly<Record<string, ExperimentJob<never>>>;
  /** What the app reads of this kind's results, by view name. */
  views?: Readonly<Record<string, ExperimentView<unknown>>>;
  /** The report sections of a run this kind made (kinds that make no run of their own have none). */
  report?(host: HostContext, runId: string): Promise<ReportContent>;
  /** A section this kind adds to the report of another kind's run (the sweep's panels); '' when none. */
  reportSection?(host: HostContext, run: RunManifest): string | Promise<string>;
}

/**
 * Progress reporting bound to one stage of a definition: `stage(i)` then `update(done, total)`, with the
 * count's units where a person reads them ("epoch 3 / 8", "maps"). Given each stage's expected seconds
 * (`expectedStageSeconds`), every report also carries the whole run's progress and ETA (wholeRunEta).
 */
export function stageReporter(info: ExperimentInfo, hooks: ExperimentHooks, expected?: Readonly<Record<string, number>>) {
  let index = 0;
  let started = Date.now();
  const weights = expected === undefined ? null : info.stages.map((s) => Math.max(0, expected[s] ?? 0));
  /**
   * The run's clock starts at its first counted progress, and from the expected seconds done then (a resumed
   * run starts past the stages it finished before): starting the engine is a fixed cost, not the run's pace.
   */
  let clock: { at: number; done: number } | null = null;
  const report = (done: number, total: number, etaSeconds: number | null, units: ProgressUnits = {}) => {
    let run: RunProgress | undefined;
    if (weights !== null) {
      if (clock === null && done > 0) clock = { at: Date.now(), done: expectedDone(weights, index, done / total) };
      run = clock === null
        ? { fraction: expectedDone(weights, index, 0) / Math.max(1e-9, weights.reduce((a, b) => a + b, 0)), etaSeconds: null }
        : wholeRunEta({ expected: weights, stageIndex: index, stageDone: done, stageTotal: total, stageEta: etaSeconds, elapsedSeconds: (Date.now() - clock.at) / 1000, startedAt: clock.done });
    }
    hooks.onProgress?.({ stage: info.stages[index], stageIndex: index, stageCount: info.stages.length, done, total, etaSeconds, ...units, ...(run === undefined ? {} : { run }) });
  };
  return {
    stage(i: number) {
      index = i;
      started = Date.now();
      report(0, 1, null);
    },
    /** ETA from this stage's own pace unless the stage knows better (training does). */
    update(done: number, total: number, etaSeconds?: number, units?: ProgressUnits) {
      const elapsed = (Date.now() - started) / 1000;
      report(done, total, etaSeconds ?? etaFromPace(elapsed, done, total), units);
    },
  };
}

/** Validates an experiment's config and fills its defaults, the quick preset first when asked for. */
export function checkExperimentConfig<C>(def: ExperimentDefinition<C>, input: unknown): Checked<C> {
  const isQuick = typeof input === 'object' && input !== null && (input as { quick?: unknown }).quick === true;
  return check(def.schema, isQuick ? mergeUnder(def.quickPreset, input as Record<string, unknown>) : input) as Checked<C>;
}
