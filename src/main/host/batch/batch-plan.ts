/**
 * A batch's members from what a front door asked for: every seed × every grid point, each member's
 * config built from the kind's own flags (the grid's values are flag values) and checked by the kind's
 * own schema before anything is written or submitted, so a refused value names its flag and its value.
 */
import { type BatchMember, type BatchPlan, BatchRequestSchema, type CheckedBatchRequest, MAX_BATCH_MEMBERS, type SlurmOptions } from '../../../shared/batch.ts';
import { isExperimentKind } from '../../../shared/experiments/index.ts';
import { LabError } from '../../../shared/result.ts';
import { check, dottedPath } from '../../../shared/schemas/check.ts';
import { experimentConfigFromFlags } from '../experiments/config-from-flags.ts';
import type { ExperimentDefinition } from '../experiments/experiment-definition.ts';
import { experimentDefinition, experimentDefinitions } from '../experiments/registry.ts';

/** The kind's flag that seeds a member (its data, its training): a kind without one cannot be batched over seeds. */
const SEED_FLAG = 'seed';

/** Kinds a batch can run: they make a run of their own, resume it after a kill, and take a seed. */
export function batchableKinds(): string[] {
  return experimentDefinitions()
    .filter((d) => d.info.role !== 'analysis' && d.resume !== undefined && Object.hasOwn(d.flags, SEED_FLAG))
    .map((d) => d.info.kind);
}

export function batchKindDefinition(kind: string): ExperimentDefinition {
  const def = isExperimentKind(kind) ? experimentDefinition(kind) : undefined;
  if (def === undefined || !batchableKinds().includes(kind)) {
    throw new LabError('bad-input', `--kind: expected ${batchableKinds().map((k) => `"${k}"`).join(' or ')} (kinds that make a resumable run and take --seed), got "${kind}"`);
  }
  return def as ExperimentDefinition;
}

/** The request checked by its schema; a problem named as the flag a command line would use. */
export function checkBatchRequest(input: unknown): CheckedBatchRequest {
  const r = check(BatchRequestSchema, input);
  if (r.ok) return r.value;
  const path = dottedPath(r.path);
  const flag = path.startsWith('slurm.') ? path.slice('slurm.'.length) : path.split('.')[0].split('[')[0];
  throw new LabError('bad-input', `--${flag === 'grid' ? 'set' : flag}: ${r.problem}`);
}

/** Every combination of the grid's values, in the order given (the first axis slowest). */
function gridPoints(grid: CheckedBatchRequest['grid']): Array<Record<string, string>> {
  return grid.reduce<Array<Record<string, string>>>((points, axis) => points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.flag]: v }))), [{}]);
}

/** The members, each config checked by the kind; throws on the first value the kind refuses. */
export function planMembers(def: ExperimentDefinition, request: CheckedBatchRequest): BatchMember[] {
  for (const name of Object.keys(request.flags)) {
    if (name === SEED_FLAG) throw new LabError('bad-input', `--${SEED_FLAG}: a batch's seeds come from --seeds`);
  }
  const seen = new Set<string>();
  for (const axis of request.grid) {
    if (axis.flag === SEED_FLAG) throw new LabError('bad-input', `--set ${SEED_FLAG}=…: a batch's seeds come from --seeds`);
    if (!Object.hasOwn(def.flags, axis.flag)) throw new LabError('bad-input', `--set ${axis.flag}=…: not a flag of experiment ${def.info.kind} (it takes ${Object.keys(def.flags).filter((f) => f !== SEED_FLAG).join(', ')})`);
    if (seen.has(axis.flag)) throw new LabError('bad-input', `--set ${axis.flag}=…: given twice (list its values once: --set ${axis.flag}=a,b)`);
    if (Object.hasOwn(request.flags, axis.flag)) throw new LabError('bad-input', `--set ${axis.flag}=…: --${axis.flag} is also given on its own; use one of them`);
    seen.add(axis.flag);
  }
  const points = gridPoints(request.grid);
  const count = points.length * request.seeds.length;
  if (count > MAX_BATCH_MEMBERS) throw new LabError('bad-input', `--set: ${points.length} grid points × ${request.seeds.length} seeds = ${count} members; a batch holds at most ${MAX_BATCH_MEMBERS}`);
  // Each grid point is checked once, before the seeds multiply it: the first bad value is the one told.
  for (const set of points) {
    try {
      experimentConfigFromFlags(def, { ...request.flags, ...set });
    } catch (e) {
      const message = (e as Error).message;
      const flag = Object.keys(set).find((k) => message.startsWith(`--${k}:`));
      throw new LabError('bad-input', flag === undefined ? message : `--set ${flag}=${set[flag]}: ${message.slice(flag.length + 4)}`);
    }
  }
  return points.flatMap((set) => request.seeds.map((seed) => ({ seed, set })))
    .map(({ seed, set }, index) => ({ index, seed, set, config: experimentConfigFromFlags(def, { ...request.flags, ...set, [SEED_FLAG]: String(seed) }) }));
}

export function newPlan(id: string, request: CheckedBatchRequest, members: BatchMember[], backend: string, slurm?: SlurmOptions): BatchPlan {
  return {
    id,
    kind: request.kind,
    executor: request.executor,
    createdAt: new Date().toISOString(),
    seeds: request.seeds,
    grid: request.grid,
    flags: request.flags,
    backend,
    members,
    ...(request.executor === 'slurm' ? { slurm: { ...(slurm ?? request.slurm), submissions: [] } } : {}),
  };
}
