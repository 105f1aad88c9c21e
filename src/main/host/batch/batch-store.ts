/**
 * Where a batch lives in the workspace, so that any process that sees the workspace (this app, a Slurm
 * task on a compute node, a Kubernetes pod) sees the same batch:
 *   batches/<id>/batch.json            the plan (BatchPlan), rewritten only under batch.lock
 *   batches/<id>/members/<i>.json      the member's run id, written by the process running the member
 *   batches/<id>/members/<i>.lock      held while a process runs the member: two never write one run
 *   batches/<id>/runner.lock           held by a local executor while it runs members
 *   batches/<id>/cancel                asks a local executor to stop (Slurm batches are cancelled by scancel)
 *   batches/<id>/slurm/                the array script and the tasks' logs
 *   batches/<id>/aggregate.{json,html} what `collect` wrote last
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../node/atomic-write.ts';
import { type FileLock, acquireLock, liveLockHolder } from '../../../node/file-lock.ts';
import type { BatchPlan } from '../../../shared/batch.ts';
import { LabError } from '../../../shared/result.ts';
import { exists, readJsonFile } from '../workspace-check.ts';
import type { Workspace } from '../workspace.ts';

function checkPlan(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'not an object';
  const p = v as Partial<BatchPlan>;
  if (typeof p.id !== 'string' || typeof p.kind !== 'string' || !Array.isArray(p.members)) return 'id, kind or members missing';
  return null;
}

export class BatchStore {
  constructor(readonly workspace: Workspace) {}

  dir(id: string): string {
    return this.workspace.batchDir(id);
  }

  private planPath(id: string): string {
    return join(this.dir(id), 'batch.json');
  }

  memberDir(id: string): string {
    return join(this.dir(id), 'members');
  }

  slurmDir(id: string): string {
    return join(this.dir(id), 'slurm');
  }

  async create(plan: BatchPlan): Promise<void> {
    const dir = this.dir(plan.id);
    if (await exists(dir)) throw new LabError('io', `${dir}: already exists`);
    await mkdir(this.memberDir(plan.id), { recursive: true });
    await this.write(plan);
  }

  async read(id: string): Promise<BatchPlan> {
    const path = this.planPath(id);
    if (!(await exists(path))) throw new LabError('not-found', `batch "${id}" not found in ${this.workspace.batchesDir}`);
    return (await readJsonFile(path, 'batch plan', checkPlan)) as BatchPlan;
  }

  /** Rewrites the plan; callers hold lockPlan. */
  write(plan: BatchPlan): Promise<void> {
    return writeFileAtomic(this.planPath(plan.id), JSON.stringify(plan, null, 2));
  }

  /** Serialises changes of the plan (Slurm submissions) between processes. */
  lockPlan(id: string, purpose: string): Promise<FileLock> {
    return acquireLock(join(this.dir(id), 'batch.lock'), purpose, `batch "${id}"`);
  }

  /** Every batch, newest first; a damaged plan is left out of the list (its status names the file). */
  async list(): Promise<BatchPlan[]> {
    if (!(await exists(this.workspace.batchesDir))) return [];
    const plans = await Promise.all(
      (await readdir(this.workspace.batchesDir)).map(async (id) => {
        try {
          return [await this.read(id)];
        } catch {
          return [];
        }
      }),
    );
    return plans.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The run recorded for a member, or null before its run exists (or when the record is damaged). */
  async memberRun(id: string, member: number): Promise<string | null> {
    const path = join(this.memberDir(id), `${member}.json`);
    if (!(await exists(path))) return null;
    try {
      const v = (await readJsonFile(path, 'batch member')) as { run?: unknown };
      return typeof v?.run === 'string' ? v.run : null;
    } catch {
      return null;
    }
  }

  /** Written by the holder of the member's lock, the moment its run exists on disk. */
  recordMemberRun(id: string, member: number, runId: string): Promise<void> {
    return writeFileAtomic(join(this.memberDir(id), `${member}.json`), JSON.stringify({ batch: id, member, run: runId }));
  }

  lockMember(id: string, member: number): Promise<FileLock> {
    return acquireLock(join(this.memberDir(id), `${member}.lock`), `batch ${id} member ${member}`, `member ${member} of batch "${id}"`);
  }

  /** Whether a live process runs the member now. */
  async memberRunning(id: string, member: number): Promise<boolean> {
    return (await liveLockHolder(join(this.memberDir(id), `${member}.lock`))) !== null;
  }

  lockRunner(id: string): Promise<FileLock> {
    return acquireLock(join(this.dir(id), 'runner.lock'), `running batch ${id}`, `batch "${id}"`);
  }

  async runnerAlive(id: string): Promise<boolean> {
    return (await liveLockHolder(join(this.dir(id), 'runner.lock'))) !== null;
  }

  requestCancel(id: string): Promise<void> {
    return writeFileAtomic(join(this.dir(id), 'cancel'), new Date().toISOString());
  }

  cancelRequested(id: string): Promise<boolean> {
    return exists(join(this.dir(id), 'cancel'));
  }

  clearCancel(id: string): Promise<void> {
    return rm(join(this.dir(id), 'cancel'), { force: true });
  }
}
