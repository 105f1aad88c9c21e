/**
 * The app's batch calls (LabApi listBatches … collectBatch): the same Batches the CLI uses; a local
 * batch's members run as one job of this host, with progress by member and Cancel.
 */
import type { BatchPlan } from '../../../shared/batch.ts';
import type { LabCalls } from '../../../shared/lab-api.ts';
import type { LabCallParams } from '../../../shared/schemas/lab-api.ts';
import { type Result, ok } from '../../../shared/result.ts';
import type { HostContext } from '../host-context.ts';
import { batchableKinds } from './batch-plan.ts';
import { Batches } from './batches.ts';
import { runLocally } from './local-executor.ts';

type BatchCallName = 'listBatches' | 'submitBatch' | 'batchStatus' | 'cancelBatch' | 'resubmitBatch' | 'collectBatch';

/** What the calls need of the service: its host, its job runner and job progress, the media prefix. */
export interface BatchCallContext {
  host(): HostContext;
  mediaBase(): string;
  runJob<T>(label: string, work: (jobId: string, signal: AbortSignal) => Promise<Result<T>>): string;
  progress(jobId: string, done: number, total: number, stage: string): void;
}

export function batchCalls(ctx: BatchCallContext): { [K in BatchCallName]: (p: LabCallParams<K>) => Promise<LabCalls[K]['result']> } {
  const batches = () => new Batches(ctx.host());
  /** Runs members of a local batch as a job; its progress counts members. */
  const runAsJob = (b: Batches, plan: BatchPlan, members: number[], parallel: number) =>
    ctx.runJob(`batch ${plan.id}: ${members.length} ${plan.kind} member${members.length === 1 ? '' : 's'}`, async (jobId, signal) => {
      let finished = 0;
      ctx.progress(jobId, 0, members.length, 'members');
      const r = await runLocally(ctx.host(), b.store, plan, members, parallel, {
        signal,
        onMemberProgress: (m, p) => ctx.progress(jobId, finished, members.length, `member ${m}: ${p.stage} (${p.stageIndex + 1}/${p.stageCount})`),
        onMemberDone: () => ctx.progress(jobId, ++finished, members.length, 'members'),
      });
      return r.cancelled ? { ok: false, error: { kind: 'cancelled', message: `batch ${plan.id}: cancelled after ${r.completed} of ${members.length} members` } } : ok(r);
    });
  return {
    listBatches: async () => ({
      kinds: batchableKinds(),
      batches: (await batches().list())
        .map((p) => ({ id: p.id, kind: p.kind, executor: p.executor, createdAt: p.createdAt, members: p.members.length, seeds: p.seeds, grid: p.grid, flags: p.flags })),
    }),
    submitBatch: async (request) => {
      const b = batches();
      const { plan, submitted } = await b.submit(request);
      return plan.executor === 'local' ? { ...submitted, jobId: runAsJob(b, plan, plan.members.map((m) => m.index), request.parallel) } : submitted;
    },
    batchStatus: async ({ batch }) => batches().status(batch),
    cancelBatch: async ({ batch }) => batches().cancel(batch),
    resubmitBatch: async ({ batch, members }) => {
      const b = batches();
      const r = await b.resubmit(batch, members);
      const base = { batch, members: r.members, executor: r.plan.executor, ...(r.job !== undefined ? { job: r.job } : {}) };
      return r.plan.executor === 'local' && r.members.length > 0 ? { ...base, jobId: runAsJob(b, r.plan, r.members, 1) } : base;
    },
    collectBatch: async ({ batch, resamples }) => {
      const { aggregate } = await batches().collect(batch, { resamples: resamples ?? 10_000, bootstrapSeed: 1 });
      return { ...aggregate, url: `${ctx.mediaBase()}/batches/${batch}/aggregate.html` };
    },
  };
}
