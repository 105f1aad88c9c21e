/**
 * The runs an analysis trains for itself (a control arm's model, another seed's experiment), recorded
 * in runs/<parent>/analyses/<kind>.children.json the moment each exists on disk. An analysis step's
 * result is kept only once the step finishes; a child run takes minutes to train, so a kill in the
 * middle must still find it, to resume it from its last checkpoint instead of training a new one.
 * The record outlives the analysis' own progress file: a child trained under one analysis config is
 * as good for another (more images, other methods) as long as it was trained the same way, which the
 * analysis checks before it reuses one.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../../node/atomic-write.ts';
import { stableJson } from '../../../shared/stable-json.ts';
import { exists, readJsonFile } from '../workspace-check.ts';
import { ANALYSES_DIR, type StepContext } from './analysis-definition.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import { type RunManifest, type TrainConfig, isClassifierConfig, runValidationFraction } from '../../../shared/run.ts';
import { type TrainOptions, TrainOptionsSchema } from '../../../shared/schemas/run.ts';
import type { HostContext } from '../host-context.ts';

function childRunsPath(runDir: string, kind: string): string {
  return join(runDir, ANALYSES_DIR, `${kind}.children.json`);
}

/** Child run ids by the analysis' own key (an arm, a seed); empty when none was recorded or the file is damaged. */
export async function readChildRuns(runDir: string, kind: string): Promise<Record<string, string>> {
  const p = childRunsPath(runDir, kind);
  if (!(await exists(p))) return {};
  try {
    const v = (await readJsonFile(p, `${kind} child runs`)) as { children?: unknown };
    const children = v?.children;
    if (typeof children !== 'object' || children === null) return {};
    return Object.fromEntries(Object.entries(children).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    // A damaged record loses only the link: the child is trained again, the old one stays listed.
    return {};
  }
}

/** Records (or replaces) the child run of `key`. Only the holder of the parent's lock writes here. */
export async function recordChildRun(runDir: string, kind: string, key: string, runId: string): Promise<void> {
  const children = { ...(await readChildRuns(runDir, kind)), [key]: runId };
  await writeFileAtomic(childRunsPath(runDir, kind), JSON.stringify({ analysis: kind, children }));
}

/**
 * A child run exists on disk: recorded in its parent's analysis (so a kill resumes it) and marked in its
 * own manifest as the analysis' (so listings group it under its parent). Called from onRunCreated.
 */
export async function adoptChildRun(host: HostContext, parentId: string, kind: string, key: string, childId: string): Promise<void> {
  await recordChildRun(host.workspace.runDir(parentId), kind, key, childId);
  await host.workspace.updateRun(childId, { analysisOf: { runId: parentId, analysis: kind, key } });
}


/** A child run an analysis trains: where it is recorded, what it is called, and exactly how it trains. */
export interface ChildRunSpec {
  /** The analysis kind (its record file) and the child's key there (an arm, a seed, 'labels'). */
  kind: string;
  key: string;
  /** How messages name it, e.g. `control arm invert`. */
  label: string;
  /** The run's name in listings. */
  name: string;
  /** The training options it trains with (the parent's recipe with what the analysis changes). */
  options: TrainOptions;
}

/**
 * A classifier run's training options as a child of it would train with them: everything the run
 * recorded but its dataset and backend (the host's choice), no snapshots, and `overrides` on top.
 */
export function childTrainOptions(config: TrainConfig, overrides: Partial<TrainOptions> = {}): TrainOptions {
  const { datasetId: _datasetId, backend: _backend, ...options } = config;
  // A parent recorded before validation splits trained on its whole training split: so do its children.
  return TrainOptionsSchema.parse({ ...options, validationFraction: runValidationFraction(config), snapshots: 0, ...overrides });
}

/** True when `child` was trained (or is being trained) exactly as `spec` asks, on the parent's data. */
function isChildOf(child: RunManifest, parent: RunManifest, spec: ChildRunSpec): boolean {
  if (!isClassifierConfig(child.config) || child.datasetId !== parent.datasetId || child.broken !== undefined) return false;
  try {
    return stableJson(spec.options) === stableJson(childTrainOptions(child.config));
  } catch {
    // A manifest whose options no longer parse is not a recipe the analysis can vouch for.
    return false;
  }
}

/** The child as recorded, if it is still there and still trained as asked; null when a new one is needed. */
export async function recordedChildRun(host: HostContext, parent: RunManifest, spec: ChildRunSpec, log?: (line: string) => void): Promise<RunManifest | null> {
  const id = (await readChildRuns(host.workspace.runDir(parent.id), spec.kind))[spec.key];
  if (id === undefined) return null;
  let child: RunManifest;
  try {
    child = await host.workspace.readRun(id);
  } catch {
    log?.(`${spec.label}: its recorded run ${id} is gone; training a new one`);
    return null;
  }
  if (!isChildOf(child, parent, spec)) {
    log?.(`${spec.label}: its recorded run ${id} no longer matches the run's recipe; training a new one (${id} is left as it is)`);
    return null;
  }
  return child;
}

/** Trains the child, or resumes the one recorded (a completed one is used as it is); `onTraining` gets 0…1. */
export async function trainChildRun(host: HostContext, parent: RunManifest, spec: ChildRunSpec, ctx: StepContext, onTraining: (fraction: number) => void): Promise<RunManifest> {
  const epochs = spec.options.epochs;
  const existing = await recordedChildRun(host, parent, spec, ctx.log);
  let childId = existing?.id ?? '';
  const onProgress = (e: { type: string; epoch: number; batch?: number; batches?: number }) => {
    if (e.type === 'batch' && e.batches !== undefined && e.batch !== undefined) onTraining(((e.epoch - 1) * e.batches + e.batch) / (epochs * e.batches));
  };
  let trained;
  if (existing !== null) {
    // A note (stderr under --json too): a script's log must show that a run was reused, not trained here.
    ctx.log(existing.status === 'completed' ? `note: ${spec.label}: run ${existing.id} was trained before; reusing it` : `note: ${spec.label}: resuming run ${existing.id} from epoch ${existing.checkpointEpoch} of ${epochs}`);
    trained = await host.train({ resumeRunId: existing.id }, { signal: ctx.signal, onProgress });
  } else {
    trained = await host.train(
      { datasetId: parent.datasetId, kind: 'train', name: spec.name, config: spec.options },
      {
        signal: ctx.signal,
        onProgress,
        onRunCreated: async (id) => {
          childId = id;
          // At once, before a single batch: a kill from here on resumes this run.
          await adoptChildRun(host, parent.id, spec.kind, spec.key, id);
        },
      },
    );
  }
  if (!trained.ok && trained.error.kind === 'cancelled') {
    throw new LabError('cancelled', `${trained.error.message} (${spec.label}, run ${childId}: the same command resumes it)`, trained.error.details);
  }
  return unwrap(trained);
}
