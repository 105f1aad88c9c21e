/**
 * Each member's state, from what the workspace holds (its run, whether a live process holds its lock)
 * and, for Slurm batches, the state Slurm gives its latest task. A finished run is the truth whatever a
 * scheduler says; a live member lock means running; otherwise the executor tells a member that waits
 * from one that nothing will run.
 */
import type { BatchMemberStatus, BatchPlan, MemberState } from '../../../shared/batch.ts';
import type { RunManifest } from '../../../shared/run.ts';
import type { Workspace } from '../workspace.ts';
import type { BatchStore } from './batch-store.ts';

/** A Slurm task's state, as squeue or scontrol gave it; null when Slurm no longer knows the task. */
export interface SlurmTaskState {
  task: string;
  state: string | null;
}

/** Slurm's job states (squeue/scontrol long names) onto member states; null where the run must decide. */
export function memberStateOfSlurm(state: string): MemberState | null {
  const s = state.toUpperCase().replace(/[^A-Z_].*$/, ''); // "CANCELLED by 0" → CANCELLED
  if (['PENDING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESV_DEL_HOLD', 'SPECIAL_EXIT', 'RESIZING'].includes(s)) return 'pending';
  if (['RUNNING', 'CONFIGURING', 'COMPLETING', 'SUSPENDED', 'STOPPED', 'SIGNALING', 'STAGE_OUT'].includes(s)) return 'running';
  if (['FAILED', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'TIMEOUT', 'PREEMPTED', 'REVOKED'].includes(s)) return 'failed';
  if (s === 'CANCELLED') return 'cancelled';
  if (s === 'COMPLETED') return null;
  return null;
}

async function readMemberRun(workspace: Workspace, id: string | null): Promise<{ run: RunManifest | null; problem?: string }> {
  if (id === null) return { run: null };
  try {
    return { run: await workspace.readRun(id) };
  } catch (e) {
    return { run: null, problem: (e as Error).message.split('\n')[0] };
  }
}

/** The state the run alone says. */
function stateOfRun(run: RunManifest): MemberState {
  switch (run.status) {
    case 'completed':
      return 'completed';
    case 'failed':
    case 'broken':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      // running or created without a live process (its lock is checked before): it died.
      return 'interrupted';
  }
}

export async function memberStatuses(store: BatchStore, plan: BatchPlan, slurm: ReadonlyMap<number, SlurmTaskState> | null): Promise<BatchMemberStatus[]> {
  const runnerAlive = plan.executor === 'local' && (await store.runnerAlive(plan.id));
  const cancelRequested = await store.cancelRequested(plan.id);
  return Promise.all(plan.members.map(async (m) => {
    const runId = await store.memberRun(plan.id, m.index);
    const { run, problem } = await readMemberRun(store.workspace, runId);
    const task = slurm?.get(m.index);
    const base = { member: m.index, run: runId, seed: m.seed, set: m.set, ...(task !== undefined ? { slurm: task } : {}) };
    const epochs = run === null ? {} : { epochs: { done: run.checkpointEpoch, of: run.config.epochs } };
    const said = (state: MemberState, detail?: string): BatchMemberStatus => ({ ...base, state, ...epochs, ...(detail !== undefined ? { detail } : {}) });

    if (run?.status === 'completed') return said('completed');
    if (await store.memberRunning(plan.id, m.index)) return said('running');
    if (task?.state != null) {
      const s = memberStateOfSlurm(task.state);
      if (s === 'pending' || s === 'running') return said(s);
      if (s === 'failed') return said('failed', `Slurm task ${task.task}: ${task.state}${run?.error !== undefined ? `; ${run.error}` : ''}`);
      if (s === 'cancelled') return said('cancelled', `Slurm task ${task.task} was cancelled; batch resubmit ${plan.id} resumes it`);
      // COMPLETED, yet the run is not: the task ended without finishing it.
      if (run === null) return said('failed', `Slurm task ${task.task} ended (${task.state}) without making a run${problem !== undefined ? ` (${problem})` : ''}; see ${store.slurmDir(plan.id)}`);
      return said(stateOfRun(run) === 'interrupted' ? 'failed' : stateOfRun(run), run.error ?? `Slurm task ${task.task} ended (${task.state}) before run ${run.id} completed`);
    }
    if (run !== null) {
      const s = stateOfRun(run);
      // A stopped member that the local executor will still come back to waits.
      if (s === 'interrupted' && runnerAlive && !cancelRequested) return said('pending');
      return said(s, run.error);
    }
    if (problem !== undefined) return said('failed', problem);
    if (plan.executor === 'local' && !runnerAlive) {
      return cancelRequested ? said('cancelled', 'cancelled before it started') : said('interrupted', `not started, and no process is running the batch (batch resubmit ${plan.id} runs it)`);
    }
    if (plan.executor === 'slurm' && task !== undefined) return said('interrupted', `Slurm no longer knows task ${task.task} and it made no run (batch resubmit ${plan.id} runs it)`);
    return said('pending');
  }));
}
