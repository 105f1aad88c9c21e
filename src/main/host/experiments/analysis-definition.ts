/**
 * An analysis of a trained black-box run (issue 18) as an experiment kind: a list of steps (one q, one
 * randomised layer, one control arm, one seed…), each a worker job or a child run, then a file and a
 * report section. The steps' results are kept as they finish (runs/<id>/analyses/<kind>.partial.json),
 * so an analysis killed or cancelled half way goes on from its next step when the same command runs
 * again, and says so; a different config starts afresh. The run's lock is held throughout, so two
 * processes cannot analyse one run at once. A kind gives `analysisDefinition` its steps and what to make
 * of their results; the lock, resume, progress with ETA, files, `--json` lines and report are here, once.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { AnalysisFile, AnalysisResultView } from '../../../shared/experiments/analysis-common.ts';
import type { ExperimentInfo } from '../../../shared/experiments/index.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import { withRemedy } from '../../../shared/remedy.ts';
import type { RunManifest } from '../../../shared/run.ts';
import { writeFileAtomic } from '../../../node/atomic-write.ts';
import { stableJson } from '../../../shared/stable-json.ts';
import { exists, readJsonFile } from '../workspace-check.ts';
import { readRunJsonIfAny } from '../run-files.ts';
import type { HostContext } from '../host-context.ts';
import { type ExperimentDefinition, type ExperimentHooks, type FlagSpec, RunViewParamsSchema, view } from './experiment-definition.ts';

export const ANALYSES_DIR = 'analyses';

/** One step of an analysis: `key` names it in the partial file (stable across a resume). */
export interface AnalysisStep {
  key: string;
  /** What the progress line says while it runs, e.g. `q = 90`. */
  label: string;
}

export interface StepContext {
  signal?: AbortSignal;
  /** Progress inside the step. */
  onProgress: (done: number, total: number) => void;
  log: (line: string) => void;
  hooks: ExperimentHooks;
}

/** What a finished analysis becomes: its `--json` rows, what its view needs, notes. */
export interface AnalysisOutcome<Row extends object, Detail> {
  rows: Row[];
  detail?: Detail;
  notes?: string[];
}

export interface AnalysisSpec<Config extends { run: string }, StepResult, Row extends object, Detail> {
  info: Omit<ExperimentInfo, 'stages' | 'role'>;
  schema: z.ZodType<Config>;
  quickPreset: Record<string, unknown>;
  /** The kind's flags, `--run` first (flagsFromSchema: the config's `run` is a TrainedRunIdSchema). */
  flags: Readonly<Record<string, FlagSpec>>;
  /** Refuses a run the analysis cannot use, with a one-line LabError naming `--run`. */
  check(host: HostContext, run: RunManifest, config: Config): void | Promise<void>;
  steps(host: HostContext, run: RunManifest, config: Config): AnalysisStep[] | Promise<AnalysisStep[]>;
  /**
   * For analyses that retrain: the seconds the steps are expected to take, said before they start
   * (from the run's own training time); null when it cannot be told.
   */
  expectedSeconds?(host: HostContext, run: RunManifest, config: Config, steps: AnalysisStep[]): number | null | Promise<number | null>;
  /** Runs one step; its result must survive JSON (it is kept for a resume). */
  runStep(host: HostContext, run: RunManifest, config: Config, step: AnalysisStep, ctx: StepContext): Promise<StepResult>;
  /** The rows and detail from every step's result, in step order. */
  finish(host: HostContext, run: RunManifest, config: Config, results: StepResult[], steps: AnalysisStep[]): AnalysisOutcome<Row, Detail> | Promise<AnalysisOutcome<Row, Detail>>;
  /** The report's section (HTML) for a finished file. */
  reportSection(file: AnalysisFile<Row, Detail>, run: RunManifest): string;
  /** One human line per row (the CLI without --json). */
  describeRow(row: Row): string;
}

export interface AnalysisSummary<Row extends object = object> {
  runId: string;
  experiment: string;
  file: string;
  rows: Row[];
  notes: string[];
}

interface PartialFile {
  analysis: string;
  /** The config the steps ran with, as JSON: a resume must not mix two configs. */
  configKey: string;
  results: Record<string, unknown>;
  /** Steps in all. */
  total: number;
  seconds: number;
}

export function analysisFilePath(runDir: string, kind: string): string {
  return join(runDir, ANALYSES_DIR, `${kind}.json`);
}
function partialPath(runDir: string, kind: string): string {
  return join(runDir, ANALYSES_DIR, `${kind}.partial.json`);
}

function checkAnalysisFile(v: unknown): string | null {
  const f = v as Partial<AnalysisFile> | null;
  if (typeof f !== 'object' || f === null || !Array.isArray(f.rows) || typeof f.runId !== 'string') return 'no rows';
  return null;
}

/** The run's last file of this analysis, or null. */
export async function readAnalysisFile<Row extends object, Detail>(runDir: string, kind: string): Promise<AnalysisFile<Row, Detail> | null> {
  const p = analysisFilePath(runDir, kind);
  return (await exists(p)) ? ((await readJsonFile(p, `${kind} analysis`, checkAnalysisFile)) as AnalysisFile<Row, Detail>) : null;
}

async function readPartial(runDir: string, kind: string): Promise<PartialFile | null> {
  const p = partialPath(runDir, kind);
  if (!(await exists(p))) return null;
  try {
    const f = (await readJsonFile(p, `${kind} analysis progress`)) as PartialFile;
    return typeof f === 'object' && f !== null && typeof f.configKey === 'string' && typeof f.results === 'object' && f.results !== null ? f : null;
  } catch {
    // A progress file cut short by a full disk is only lost work: the steps run again.
    return null;
  }
}


const STAGES = ['steps', 'report'] as const;

/** An analysis spec as an experiment kind the registry, the CLI (`analyse`) and the app can run. */
export function analysisDefinition<Config extends { run: string }, StepResult, Row extends object, Detail>(
  spec: AnalysisSpec<Config, StepResult, Row, Detail>,
): ExperimentDefinition<Config, AnalysisSummary<Row>> & { readonly analysis: AnalysisSpec<Config, StepResult, Row, Detail> } {
  const kind = spec.info.kind;
  const info: ExperimentInfo = { ...spec.info, role: 'analysis', stages: STAGES };
  return {
    analysis: spec,
    info,
    schema: spec.schema,
    quickPreset: spec.quickPreset,
    flags: spec.flags,

    async run(host, config, hooks) {
      const log = hooks.log ?? (() => {});
      let run = await host.workspace.readRun(config.run);
      await spec.check(host, run, config);
      const runDir = host.workspace.runDir(run.id);
      const lock = await host.workspace.lockRun(run.id, `the ${kind} analysis`);
      // The job is the run's while it holds it: the app finds it after a reload, and refuses to delete the run meanwhile.
      await hooks.onRunCreated?.(run.id);
      try {
        await mkdir(join(runDir, ANALYSES_DIR), { recursive: true });
        const steps = await spec.steps(host, run, config);
        const key = stableJson(config);
        const prior = await readPartial(runDir, kind);
        const kept = prior !== null && prior.configKey === key ? prior : null;
        const results: Record<string, unknown> = { ...(kept?.results ?? {}) };
        const done = steps.filter((s) => Object.hasOwn(results, s.key)).length;
        // `note: ` lines reach stderr under --json too: a script's log must show that kept steps were reused.
        if (done > 0) log(`note: resuming the ${kind} analysis of run ${run.id}: ${done} of ${steps.length} steps done`);
        else if (prior !== null) log(`note: the ${kind} analysis kept from before had another config: starting afresh`);
        const expected = await spec.expectedSeconds?.(host, run, config, steps.filter((s) => !Object.hasOwn(results, s.key)));
        if (expected !== undefined && expected !== null) log(`note: expected duration: about ${formatSeconds(expected)} (${steps.length - done} step${steps.length - done === 1 ? '' : 's'} to run)`);
        const started = Date.now();
        let seconds = kept?.seconds ?? 0;
        const progress = (stepIndex: number, inner: number) =>
          hooks.onProgress?.({ stage: `${STAGES[0]}: ${steps[stepIndex]?.label ?? ''}`, stageIndex: 0, stageCount: STAGES.length, done: stepIndex + inner, total: steps.length, etaSeconds: eta(stepIndex + inner) });
        let ranThisTime = 0;
        let firstRun = -1;
        const eta = (position: number): number | null => {
          // From this process's own pace: steps kept from before took an unknown time here.
          if (firstRun < 0) return expected ?? null;
          const elapsed = (Date.now() - started) / 1000;
          const worked = position - firstRun;
          return worked > 0 ? (elapsed * (steps.length - position)) / worked : expected ?? null;
        };
        for (const [i, step] of steps.entries()) {
          if (Object.hasOwn(results, step.key)) continue;
          if (hooks.signal?.aborted) throw new LabError('cancelled', `the ${kind} analysis was cancelled (${Object.keys(results).length} of ${steps.length} steps kept; run it again to go on)`);
          if (firstRun < 0) firstRun = i;
          progress(i, 0);
          const stepStarted = Date.now();
          results[step.key] = await spec.runStep(host, run, config, step, {
            signal: hooks.signal,
            onProgress: (d, t) => progress(i, t > 0 ? Math.min(d / t, 1) : 0),
            log,
            hooks,
          });
          ranThisTime++;
          seconds += (Date.now() - stepStarted) / 1000;
          await writeFileAtomic(partialPath(runDir, kind), JSON.stringify({ analysis: kind, configKey: key, results, total: steps.length, seconds } satisfies PartialFile));
          progress(i, 1);
        }
        run = await host.workspace.readRun(run.id);
        const outcome = await spec.finish(
          host,
          run,
          config,
          steps.map((s) => results[s.key] as StepResult),
          steps,
        );
        const file: AnalysisFile<Row, Detail> = {
          analysis: kind,
          runId: run.id,
          config: config as unknown as Record<string, unknown>,
          backend: unwrap(await host.engineInfo()).name,
          createdAt: new Date().toISOString(),
          seconds,
          rows: outcome.rows,
          ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
          notes: outcome.notes ?? [],
        };
        await writeFileAtomic(analysisFilePath(runDir, kind), JSON.stringify(file));
        await rm(partialPath(runDir, kind), { force: true });
        log(`${kind}: ${outcome.rows.length} rows from ${steps.length} steps (${ranThisTime} run now) in ${analysisFilePath(runDir, kind)}`);
        for (const n of file.notes) log(`note: ${n}`);
      } finally {
        await lock.releaseAsync();
      }
      hooks.onProgress?.({ stage: STAGES[1], stageIndex: 1, stageCount: STAGES.length, done: 0, total: 1, etaSeconds: null });
      // The report needs the run's maps; a run without them keeps its analysis file for the app.
      if (Object.keys(run.metrics ?? {}).length > 0) {
        const report = await host.writeReport(run.id);
        if (!report.ok) log(`report not rewritten: ${report.error.message}`);
      }
      hooks.onProgress?.({ stage: STAGES[1], stageIndex: 1, stageCount: STAGES.length, done: 1, total: 1, etaSeconds: 0 });
      return await host.workspace.readRun(run.id);
    },

    async summarize(host, run) {
      const runDir = host.workspace.runDir(run.id);
      const file = await readAnalysisFile<Row, Detail>(runDir, kind);
      if (file === null) throw new LabError('not-found', `run "${run.id}" has no ${kind} analysis yet`, withRemedy({ command: `saliency-lab analyse ${kind} --run ${run.id}`, inApp: `run "${kind}" on this run's Analyses view` }));
      return { runId: run.id, experiment: kind, file: analysisFilePath(runDir, kind), rows: file.rows, notes: file.notes };
    },

    jsonLines: (s) => s.rows,

    // The notes were logged as the run finished (stderr even under --json): not repeated here.
    describe: (s) => [...s.rows.map((r) => spec.describeRow(r)), `${kind}: ${s.file}`],

    async reportSection(host, run) {
      const file = await readAnalysisFile<Row, Detail>(host.workspace.runDir(run.id), kind);
      return file === null ? '' : spec.reportSection(file, run);
    },

    views: {
      /** The run's last file of this analysis and any kept steps (what the app's analysis panel reads). */
      result: view(RunViewParamsSchema, async (host, { runId }) => {
        const dir = host.workspace.runDir(runId);
        await host.workspace.readRun(runId);
        const file = await readRunJsonIfAny<AnalysisFile<Row, Detail>>(dir, `${ANALYSES_DIR}/${kind}.json`, `${kind} analysis`);
        const partial = await readRunJsonIfAny<PartialFile>(dir, `${ANALYSES_DIR}/${kind}.partial.json`, `${kind} analysis progress`).catch(() => null);
        const done = partial === null ? 0 : Object.keys(partial.results ?? {}).length;
        const config = partial === null ? null : parseConfigKey(partial.configKey);
        return { runId, file, pending: partial === null ? null : { done, total: partial.total ?? done, config } } satisfies AnalysisResultView<Row, Detail>;
      }),
    },
  };
}

/** The config the kept steps ran with (so a Resume sends exactly it), or null when the key does not parse. */
function parseConfigKey(key: unknown): Record<string, unknown> | null {
  if (typeof key !== 'string') return null;
  try {
    const v = JSON.parse(key) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
