/**
 * Batches as the front doors use them (the CLI's `batch` command, the app's Batches view): plan and
 * submit, members' states, cancel, resubmit, collect. The executors differ only in who runs a member:
 * this host (`local`, run by the caller with runLocally), Slurm's array tasks (`slurm`), or another
 * scheduler given the plan (`external`); each member is `runMember` wherever it runs.
 */
import { rm } from 'node:fs/promises';
import { type BatchAggregate, type BatchMemberStatus, type BatchPlan, type BatchSubmitted, FINAL_MEMBER_STATES, type SlurmSubmission } from '../../../shared/batch.ts';
import { LabError } from '../../../shared/result.ts';
import type { HostContext } from '../host-context.ts';
import { newId } from '../workspace.ts';
import type { BootstrapSettings } from '../experiments/seeds/seeds-rows.ts';
import { BatchStore } from './batch-store.ts';
import { batchKindDefinition, checkBatchRequest, newPlan, planMembers } from './batch-plan.ts';
import { aggregateBatch, writeAggregate } from './collect.ts';
import { memberStatuses } from './member-status.ts';
import { cancelTasks, checkSlurm, slurmOptionsOf, slurmTaskStates, submitArray } from './slurm.ts';

export class Batches {
  readonly store: BatchStore;

  constructor(private readonly host: HostContext) {
    this.store = new BatchStore(host.workspace);
  }

  /**
   * Checks everything (the request, every member's config by its kind, Slurm's tools, partition and
   * view of the workspace), then records the plan and, for Slurm, submits the array. Nothing is written
   * or submitted when a check fails. A local batch is recorded only: the caller runs it (runLocally).
   */
  async submit(input: unknown): Promise<{ plan: BatchPlan; submitted: BatchSubmitted }> {
    const request = checkBatchRequest(input);
    const def = batchKindDefinition(request.kind);
    const members = planMembers(def, request);
    if (request.executor === 'slurm') await checkSlurm(request.slurm, this.host.workspace.root);
    else if (Object.keys(request.slurm).length > 0) throw new LabError('bad-input', `--${Object.keys(request.slurm)[0]}: a Slurm option, but the executor is ${request.executor} (add --executor slurm)`);
    await this.host.workspace.open();
    const plan = newPlan(newId('batch'), request, members, this.host.backendChoice);
    await this.store.create(plan);
    if (request.executor !== 'slurm') return { plan, submitted: { batch: plan.id, members: members.length, executor: plan.executor } };
    try {
      const job = await this.recordSubmission(plan, members.map((m) => m.index));
      return { plan: await this.store.read(plan.id), submitted: { batch: plan.id, members: members.length, executor: 'slurm', job: job.jobId } };
    } catch (e) {
      // The first sbatch failed: nothing runs, so no batch is left behind either.
      await rm(this.store.dir(plan.id), { recursive: true, force: true });
      throw e;
    }
  }

  /** Submits the members as an array and records it in the plan (its caller holds the plan's lock). */
  private async submitAndRecord(plan: BatchPlan, members: number[]): Promise<SlurmSubmission> {
    const current = await this.store.read(plan.id);
    const { jobId, script } = await submitArray(this.store, current, members);
    const submission = { jobId, members, at: new Date().toISOString(), script };
    await this.store.write({ ...current, slurm: { ...(current.slurm ?? {}), submissions: [...(current.slurm?.submissions ?? []), submission] } });
    return submission;
  }

  private async recordSubmission(plan: BatchPlan, members: number[]): Promise<SlurmSubmission> {
    const lock = await this.store.lockPlan(plan.id, 'submitting to Slurm');
    try {
      return await this.submitAndRecord(plan, members);
    } finally {
      await lock.releaseAsync();
    }
  }

  read(id: string): Promise<BatchPlan> {
    return this.store.read(id);
  }

  list(): Promise<BatchPlan[]> {
    return this.store.list();
  }

  async status(id: string): Promise<BatchMemberStatus[]> {
    const plan = await this.store.read(id);
    return memberStatuses(this.store, plan, plan.executor === 'slurm' ? await slurmTaskStates(plan) : null);
  }

  /** Stops the batch: Slurm's tasks are cancelled; a local executor stops at its next check (within a second). */
  async cancel(id: string): Promise<{ batch: string; cancelled: string[] }> {
    const plan = await this.store.read(id);
    await this.store.requestCancel(id);
    const tasks = plan.executor === 'slurm' ? await cancelTasks(plan) : [];
    return { batch: id, cancelled: tasks };
  }

  /**
   * The members to run again (those given, else every one not completed), refused while one of them is
   * still pending or running. For Slurm they are submitted as a new array; for local and external the
   * caller runs them. Each resumes its run where it has one.
   */
  async resubmit(id: string, members?: number[]): Promise<{ plan: BatchPlan; members: number[]; job?: string }> {
    // Under the plan's lock: two resubmissions at once (the app and a terminal) must not both pass the
    // busy check and both submit.
    const lock = await this.store.lockPlan(id, 'resubmitting');
    try {
      return await this.resubmitLocked(id, members === undefined ? undefined : [...new Set(members)]);
    } finally {
      await lock.releaseAsync();
    }
  }

  private async resubmitLocked(id: string, members?: number[]): Promise<{ plan: BatchPlan; members: number[]; job?: string }> {
    const plan = await this.store.read(id);
    const statuses = await this.status(id);
    for (const m of members ?? []) if (plan.members[m] === undefined) throw new LabError('bad-input', `--members: batch "${id}" has members 0–${plan.members.length - 1}, got ${m}`);
    const chosen = members ?? statuses.filter((s) => s.state !== 'completed').map((s) => s.member);
    const busy = statuses.filter((s) => chosen.includes(s.member) && !FINAL_MEMBER_STATES.includes(s.state));
    if (busy.length > 0) throw new LabError('bad-input', `--members: ${busy.map((s) => `member ${s.member} is ${s.state}${s.slurm ? ` (Slurm task ${s.slurm.task})` : ''}`).join('; ')}; cancel it first or wait`);
    await this.store.clearCancel(id);
    if (chosen.length === 0 || plan.executor !== 'slurm') return { plan, members: chosen };
    await checkSlurm(slurmOptionsOf(plan), this.host.workspace.root);
    const job = await this.submitAndRecord(plan, chosen);
    return { plan: await this.store.read(id), members: chosen, job: job.jobId };
  }

  /** The aggregate over the members that completed, written next to the plan. */
  async collect(id: string, settings: BootstrapSettings): Promise<{ aggregate: BatchAggregate; files: { json: string; html: string } }> {
    const plan = await this.store.read(id);
    const aggregate = await aggregateBatch(this.store, plan, await this.status(id), settings);
    return { aggregate, files: await writeAggregate(this.store, plan, aggregate) };
  }
}
