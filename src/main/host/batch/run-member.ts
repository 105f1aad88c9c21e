/**
 * One member of a batch, run or resumed by whichever process is given it: the local executor, a Slurm
 * array task, a Kubernetes pod. Idempotent: a finished member returns at once; a member whose run exists
 * resumes it at its next unfinished stage (training from its last checkpoint); only a member without a
 * run starts one. The member's lock makes two tasks for one member (a requeue racing a resubmission)
 * refuse rather than both write; the run's own lock guards the run itself.
 */
import type { BatchPlan } from '../../../shared/batch.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import type { RunManifest } from '../../../shared/run.ts';
import type { ExperimentHooks, HostContext } from '../host-context.ts';
import type { BatchStore } from './batch-store.ts';

export function memberOf(plan: BatchPlan, index: number) {
  const member = Number.isInteger(index) ? plan.members[index] : undefined;
  if (member === undefined) throw new LabError('bad-input', `--member: batch "${plan.id}" has members 0–${plan.members.length - 1}, got ${index}`);
  return member;
}

/** The member's recorded run, when it still exists and can be read. */
async function recordedRun(host: HostContext, store: BatchStore, plan: BatchPlan, index: number, log?: (line: string) => void): Promise<RunManifest | null> {
  const id = await store.memberRun(plan.id, index);
  if (id === null) return null;
  try {
    return await host.workspace.readRun(id);
  } catch (e) {
    log?.(`note: member ${index}: its run ${id} cannot be read (${(e as Error).message.split('\n')[0]}); starting a new run`);
    return null;
  }
}

export async function runMember(host: HostContext, store: BatchStore, plan: BatchPlan, index: number, hooks: ExperimentHooks = {}): Promise<RunManifest> {
  const member = memberOf(plan, index);
  const lock = await store.lockMember(plan.id, index);
  try {
    const existing = await recordedRun(host, store, plan, index, hooks.log);
    if (existing?.status === 'completed') {
      hooks.log?.(`note: member ${index}: run ${existing.id} finished before; nothing to do`);
      return existing;
    }
    if (existing !== null) {
      hooks.log?.(`note: member ${index}: resuming run ${existing.id} (${existing.status}, ${existing.checkpointEpoch} of ${existing.config.epochs} epochs trained)`);
      return unwrap(await host.resumeExperiment(existing.id, hooks)).run;
    }
    hooks.log?.(`member ${index}: seed ${member.seed}${Object.keys(member.set).length > 0 ? `, ${Object.entries(member.set).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}: starting ${plan.kind}`);
    const r = await host.runExperiment(plan.kind, member.config, {
      ...hooks,
      onRunCreated: async (id) => {
        // At once, before its first batch: a kill from here on resumes this run instead of starting another.
        await store.recordMemberRun(plan.id, index, id);
        await host.workspace.updateRun(id, { batch: { id: plan.id, member: index } });
        await hooks.onRunCreated?.(id);
      },
    });
    return unwrap(r).run;
  } finally {
    await lock.releaseAsync();
  }
}
