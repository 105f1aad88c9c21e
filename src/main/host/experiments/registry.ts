/** Every experiment kind the host can run; adding one is its folder plus a line here. */
import { z } from 'zod';
import { LabError } from '../../../shared/result.ts';
import { check, dottedPath } from '../../../shared/schemas/check.ts';
import type { HostContext } from '../host-context.ts';
import type { RunManifest } from '../../../shared/run.ts';
import { type ExperimentInfo, type ExperimentKind, type JsonSchema, isExperimentKind } from '../../../shared/experiments/index.ts';
import { type ExperimentDefinition, type ExperimentJob, type KindJobs, checkExperimentConfig } from './experiment-definition.ts';
import type { JobOwnerKind } from '../../../shared/experiments/jobs.ts';
import { blackboxExperiment } from './blackbox/definition.ts';
import { vaeConceptExperiment } from './vae-concept/definition.ts';
import { sweepExperiment } from './sweep/definition.ts';
import { resnet50Experiment } from './resnet50/definition.ts';
import { qSweepExperiment } from './q-sweep/definition.ts';
import { controlArmExperiment } from './control-arm/definition.ts';
import { seedsExperiment } from './seeds/definition.ts';
import { controlsExperiment } from './controls/definition.ts';
import { faithfulnessExperiment } from './faithfulness/definition.ts';
import { randomisationExperiment } from './randomisation/definition.ts';

/**
 * Total over the kinds: a kind without its definition here does not compile, nor does a kind whose jobs
 * (src/shared/experiments/jobs.ts) its definition lacks.
 */
const DEFINITIONS: { [K in ExperimentKind]: ExperimentDefinition<never, object> & (K extends JobOwnerKind ? { jobs: KindJobs<K> } : unknown) } = {
  blackbox: blackboxExperiment as ExperimentDefinition<never, object> & Pick<typeof blackboxExperiment, 'jobs'>,
  'vae-concept': vaeConceptExperiment as ExperimentDefinition<never, object>,
  sweep: sweepExperiment as ExperimentDefinition<never, object>,
  resnet50: resnet50Experiment as ExperimentDefinition<never, object>,
  'q-sweep': qSweepExperiment as unknown as ExperimentDefinition<never, object>,
  'control-arm': controlArmExperiment as unknown as ExperimentDefinition<never, object>,
  seeds: seedsExperiment as unknown as ExperimentDefinition<never, object>,
  controls: controlsExperiment as unknown as ExperimentDefinition<never, object>,
  faithfulness: faithfulnessExperiment as unknown as ExperimentDefinition<never, object>,
  randomisation: randomisationExperiment as unknown as ExperimentDefinition<never, object>,
};

export function experimentDefinition(kind: ExperimentKind): ExperimentDefinition<unknown, object> | undefined {
  return DEFINITIONS[kind] as ExperimentDefinition<unknown, object> | undefined;
}

/**
 * The kind a run belongs to. Runs trained outside an experiment, and runs from before kinds existed, are
 * the black-box kind's (a classifier) or the VAE kind's (a VAE): the only place the core names them.
 */
export function kindOfRun(run: RunManifest): ExperimentKind {
  return run.experiment ?? (run.config.model === 'vae' ? 'vae-concept' : 'blackbox');
}

/** The kind's definition and its parsed config, or a 'bad-input' LabError `experiment KIND: field: problem`. */
export function checkedExperiment(kind: string, input: unknown): { def: ExperimentDefinition; config: unknown } {
  const def = isExperimentKind(kind) ? experimentDefinition(kind) : undefined;
  if (def === undefined) throw new LabError('bad-input', `experiment: unknown kind "${kind}" (one of ${experimentInfos().map((i) => i.kind).join(', ')})`);
  const checked = checkExperimentConfig(def, input);
  if (!checked.ok) throw new LabError('bad-input', `experiment ${kind}: ${dottedPath(checked.path)}: ${checked.problem}`);
  return { def: def as ExperimentDefinition, config: checked.value };
}

/** One of a kind's jobs (LabApi experimentJob); its params were parsed at the contract (parseJobParams). */
export function kindJob(kind: ExperimentKind, name: string): ExperimentJob<unknown> {
  const jobs = experimentDefinition(kind)?.jobs;
  const job = jobs !== undefined && Object.hasOwn(jobs, name) ? jobs[name] : undefined;
  if (job === undefined) throw new LabError('bad-input', `experimentJob: ${kind} has no job "${name}"`);
  return job as ExperimentJob<unknown>;
}

/** A view of a kind's results (LabApi experimentView), its params parsed by the view's own schema first. */
export async function readExperimentView(host: HostContext, kind: ExperimentKind, name: string, params: unknown): Promise<unknown> {
  const def = experimentDefinition(kind);
  const view = def?.views !== undefined && Object.hasOwn(def.views, name) ? def.views[name] : undefined;
  if (view === undefined) throw new LabError('bad-input', `experimentView: ${kind} has no view "${name}"${def?.views ? ` (it has ${Object.keys(def.views).join(', ')})` : ''}`);
  const checked = check(view.params, params);
  if (!checked.ok) throw new LabError('bad-input', `experimentView ${kind} ${name}: ${dottedPath(checked.path)}: ${checked.problem}`);
  return view.read(host, checked.value);
}

export function experimentDefinitions(): Array<ExperimentDefinition<unknown, object>> {
  return Object.values(DEFINITIONS) as Array<ExperimentDefinition<unknown, object>>;
}

/** Every kind with its config as JSON Schema (defaults filled in) and its quick preset, for front doors' forms. */
export function experimentInfos(): ExperimentInfo[] {
  return Object.values(DEFINITIONS).map((d) => ({ ...d.info, configSchema: configJsonSchema(d as ExperimentDefinition<unknown, object>), quickPreset: d.quickPreset }));
}

/**
 * The config's input side as JSON Schema. Defaults that a preprocess step fills (the dataset of a kind)
 * are not in the schema itself, so the defaults of an empty config are written onto its fields.
 */
function configJsonSchema(def: ExperimentDefinition<unknown, object>): JsonSchema {
  const schema = z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const defaults = checkExperimentConfig(def, {});
  if (defaults.ok) fillDefaults(schema, defaults.value);
  return schema;
}

function fillDefaults(schema: JsonSchema, value: unknown): void {
  if (value === undefined) return;
  if (schema.type === 'object' && schema.properties && typeof value === 'object' && value !== null) {
    for (const [k, sub] of Object.entries(schema.properties)) fillDefaults(sub, (value as Record<string, unknown>)[k]);
  } else if (schema.default === undefined) {
    schema.default = value;
  }
}
