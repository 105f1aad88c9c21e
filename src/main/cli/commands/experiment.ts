/**
 * `saliency-lab experiment KIND [flags] [--quick] [--json]`: any experiment kind of the host's registry
 * (src/main/host/experiments/), run through LabHost.runExperiment like the web and desktop apps do. Each
 * kind declares its own flags; this file only reads them into the kind's config and shows progress.
 */
import { terminalSafe } from '../terminal-text.ts';
import { EXPERIMENT_KINDS, type ExperimentKind, isExperimentKind } from '../../../shared/experiments/index.ts';
import { LabError, type Result, unwrap } from '../../../shared/result.ts';
import { BACKEND_CHOICES } from '../../../shared/engine.ts';
import { type ExperimentDefinition, type ExperimentHooks, type FlagSpec, checkExperimentConfig } from '../../host/experiments/experiment-definition.ts';
import { type FlagValues, experimentConfigFromFlags } from '../../host/experiments/config-from-flags.ts';
import type { LabHost } from '../../host/lab-host.ts';
import { experimentDefinition, experimentInfos } from '../../host/experiments/registry.ts';
import type { Flags } from '../flags.ts';
import { hostFromFlags, interruptSignal } from '../host-from-flags.ts';
import { formatEta, progressLine } from '../progress.ts';
import { trainProgressPrinter } from '../train-progress.ts';

/** Flags every kind takes; the rest belong to the kind. */
const DOOR_FLAGS = new Set(['workspace', 'verbose', 'help', 'json', 'backend']);

function allKindFlags(): Record<string, { type: 'string' | 'boolean' }> {
  const out: Record<string, { type: 'string' | 'boolean' }> = { json: { type: 'boolean' }, backend: { type: 'string' } };
  for (const kind of EXPERIMENT_KINDS) {
    for (const [name, spec] of Object.entries(experimentDefinition(kind)?.flags ?? {})) out[name] = { type: spec.read === 'switch' ? 'boolean' : 'string' };
  }
  return out;
}
export const EXPERIMENT_FLAGS = allKindFlags();

const ARG: Record<string, string> = { number: 'N', list: 'a,b,…', 'on-off': 'on|off', text: 'TEXT' };

const isAnalysis = (def: ExperimentDefinition | undefined) => def?.info.role === 'analysis';

/** A kind's flags as usage spells them: `[--epochs N]`, `[--quick]`, `--run RUN_ID`. */
function flagUsage(name: string, spec: FlagSpec): string {
  if (spec.read === 'switch') return `[--${name}]`;
  return name === 'run' ? `--run ${spec.arg ?? 'ID'}` : `[--${name} ${spec.arg ?? ARG[String(spec.read)] ?? 'VALUE'}]`;
}

const usageLine = (command: 'experiment' | 'analyse', kind: string, def: ExperimentDefinition) => `${command} ${kind} ${Object.entries(def.flags).map(([name, spec]) => flagUsage(name, spec)).join(' ')} [--json]`;

/** Usage lines of the kinds of one role: `experiment KIND …` or `analyse KIND --run RUN_ID …`. */
function kindUsage(command: 'experiment' | 'analyse'): string {
  return EXPERIMENT_KINDS.flatMap((kind) => {
    const def = experimentDefinition(kind);
    return def === undefined || isAnalysis(def) !== (command === 'analyse') ? [] : [usageLine(command, kind, def)];
  }).join('\n  saliency-lab ');
}

/**
 * `saliency-lab experiment KIND --help`: the kind's usage, then each of its flags with its help (the
 * schema's description and default, flagsFromSchema); null when KIND is not a kind of this command.
 */
export function kindHelp(command: 'experiment' | 'analyse', kind: string | undefined): string | null {
  const def = kind !== undefined && isExperimentKind(kind) ? experimentDefinition(kind) : undefined;
  if (def === undefined || isAnalysis(def) !== (command === 'analyse')) return null;
  const rows = Object.entries(def.flags).map(([name, spec]) => [flagUsage(name, spec).replace(/^\[|\]$/g, ''), spec.help]);
  rows.push(['--json', 'one JSON line per result instead of the human lines'], [`--backend ${BACKEND_CHOICES.join('|')}`, 'the engine that computes (auto)']);
  const width = Math.max(...rows.map(([f]) => f.length));
  return [`saliency-lab ${usageLine(command, kind!, def)}`, '', `${def.info.title}: ${def.info.summary}`, '', ...rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`), '', 'Every command takes --workspace DIR and --verbose.'].join('\n');
}
export const experimentUsage = () => kindUsage('experiment');
export const analyseUsage = () => kindUsage('analyse');

/** The kind's config from its flags, validated; a problem is told against the flag that set the field. */
export function configFromFlags(def: ExperimentDefinition, flags: Flags): unknown {
  return experimentConfigFromFlags(def, flags as FlagValues, DOOR_FLAGS);
}

export async function experimentCommand(flags: Flags, positionals: string[]): Promise<void> {
  const kind = positionals[0];
  const def = isExperimentKind(kind) ? experimentDefinition(kind) : undefined;
  if (def === undefined || isAnalysis(def)) {
    const hint = isAnalysis(def) ? ` ("${kind}" is an analysis of a run: saliency-lab analyse ${kind} --run RUN_ID)` : '';
    throw new LabError('bad-input', `experiment: expected ${experimentInfos().filter((i) => i.role !== 'analysis').map((i) => `"${i.kind}"`).join(' or ')}, got "${terminalSafe(kind ?? '')}"${hint}`);
  }
  // Every flag is checked before anything is built: a typo must not cost a dataset and a training.
  const config = configFromFlags(def, flags);
  sayExpectedDuration(def, config);
  await runWithProgress(await hostFromFlags(flags), def, flags, (host, hooks) => host.runExperiment(def.info.kind, config, hooks));
}

/** A run expected to take more than this says so before it starts (issue 21). */
const LONG_RUN_SECONDS = 60;

/**
 * `note: expected to take about 7m05s …` on stderr (under --json too) before a long run starts, with
 * what `--quick` would take: a default run should not be a surprise of several minutes.
 */
function sayExpectedDuration(def: ExperimentDefinition, config: unknown): void {
  const seconds = def.expectedSeconds?.(config);
  if (seconds === undefined || seconds < LONG_RUN_SECONDS) return;
  const quick = (config as { quick?: boolean }).quick === true ? undefined : checkExperimentConfig(def, { quick: true });
  const quickSeconds = quick?.ok === true ? def.expectedSeconds?.(quick.value) : undefined;
  process.stderr.write(
    `note: expected to take about ${formatEta(seconds)} on a 2-core machine (this kind's measured pace, scaled by images, epochs and pixels)${quickSeconds !== undefined ? `; --quick tries it in about ${formatEta(quickSeconds)}` : ''}\n`,
  );
}

/**
 * `saliency-lab analyse KIND --run RUN_ID [flags] [--json]`: an analysis of a trained run (issue 18).
 * Running the same command again after a kill or a cancel goes on from the analysis' next step.
 */
export async function analyseCommand(flags: Flags, positionals: string[]): Promise<void> {
  const kind = positionals[0];
  const def = isExperimentKind(kind) ? experimentDefinition(kind) : undefined;
  if (def === undefined || !isAnalysis(def)) {
    throw new LabError('bad-input', `analyse: expected ${experimentInfos().filter((i) => i.role === 'analysis').map((i) => `"${i.kind}"`).join(' or ')}, got "${terminalSafe(kind ?? '')}"`);
  }
  if (typeof flags.run !== 'string') throw new LabError('bad-input', `analyse ${kind}: --run RUN_ID is required (a trained black-box run: saliency-lab list)`);
  const config = configFromFlags(def, flags);
  await runWithProgress(await hostFromFlags(flags), def, flags, (host, hooks) => host.runExperiment(def.info.kind, config, hooks));
}

/**
 * Resumes an experiment run at its next unfinished stage (`train --resume RUN` of an experiment's run),
 * printing as `experiment` does.
 */
export async function resumeExperimentCommand(host: LabHost, runId: string, kind: ExperimentKind, flags: Flags): Promise<void> {
  const def = experimentDefinition(kind)!;
  await runWithProgress(host, def, flags, (h, hooks) => h.resumeExperiment(runId, hooks));
}

/** Runs an experiment (new or resumed) with progress lines on stderr and its summary at the end. */
export async function runWithProgress(
  host: LabHost,
  def: ExperimentDefinition,
  flags: Flags,
  start: (host: LabHost, hooks: ExperimentHooks) => Promise<Result<{ summary: object }>>,
  signals?: readonly NodeJS.Signals[],
): Promise<void> {
  const { signal, dispose } = interruptSignal(signals);
  const quiet = flags.json === true;
  // A note says a map is not exactly what its label says: it reaches stderr even under --json (stdout
  // keeps the one JSON line scripts read), so a script's log shows it too.
  const log = (s: string) => (!quiet || s.startsWith('note: ')) && process.stderr.write(terminalSafe(s) + '\n');
  const progress = progressLine();
  const training = trainProgressPrinter();
  try {
    const r = await start(host, {
      signal,
      log: (line) => {
        progress.end();
        log(line);
      },
      onProgress: (p) => {
        // Training draws its own lines (an epoch line each, a live batch line).
        if (p.stage !== 'training') progress.update(p.done, p.total, `${p.stage} (${p.stageIndex + 1}/${p.stageCount})`);
      },
      // Epoch lines go to stderr under --json too: stdout keeps the JSON, a log still shows the run moving.
      onTrainEvent: (_runId, e) => training.onProgress(e),
    });
    progress.end();
    training.end();
    const { summary } = unwrap(r);
    if (quiet) for (const line of def.jsonLines?.(summary) ?? [summary]) process.stdout.write(JSON.stringify(line) + '\n');
    else for (const line of def.describe(summary)) log(line);
  } finally {
    progress.end();
    training.end();
    dispose();
    await host.close();
  }
}
