/**
 * The local executor: the members run through this host, `parallel` at a time, as its other jobs do.
 * The process holds the batch's runner lock while it works (so `status` from another process can tell
 * a member that waits from one nothing will run), and stops when the batch's cancel file appears
 * (`batch cancel`, from any process) or its own signal fires. A member that fails does not stop the
 * others: its failure is its state.
 */
import type { BatchPlan } from '../../../shared/batch.ts';
import type { RunManifest } from '../../../shared/run.ts';
import type { ExperimentHooks, HostContext } from '../host-context.ts';
import type { BatchStore } from './batch-store.ts';
import { runMember } from './run-member.ts';

export interface LocalRunHooks {
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Progress of one member's experiment, and which member it is. */
  onMemberProgress?: (member: number, p: Parameters<NonNullable<ExperimentHooks['onProgress']>>[0]) => void;
  onMemberDone?: (member: number, outcome: { run: RunManifest } | { error: Error }) => void;
}

const CANCEL_POLL_MS = 500;

export async function runLocally(host: HostContext, store: BatchStore, plan: BatchPlan, members: number[], parallel: number, hooks: LocalRunHooks = {}): Promise<{ completed: number; failed: number; cancelled: boolean }> {
  const runner = await store.lockRunner(plan.id);
  // A cancel asked for before this start is honoured (a resubmission clears it first, on purpose).
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  if (hooks.signal?.aborted) controller.abort();
  const poll = setInterval(() => {
    void store.cancelRequested(plan.id).then((asked) => asked && controller.abort());
  }, CANCEL_POLL_MS);
  const queue = [...members];
  let completed = 0;
  let failed = 0;
  const worker = async () => {
    for (let m = queue.shift(); m !== undefined && !controller.signal.aborted; m = queue.shift()) {
      const member = m;
      try {
        const run = await runMember(host, store, plan, member, {
          signal: controller.signal,
          log: (line) => hooks.log?.(line.startsWith('note: ') || line.startsWith('member ') ? line : `member ${member}: ${line}`),
          onProgress: (p) => hooks.onMemberProgress?.(member, p),
        });
        completed++;
        hooks.onMemberDone?.(member, { run });
      } catch (e) {
        if (!controller.signal.aborted) failed++;
        hooks.onMemberDone?.(member, { error: e as Error });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, members.length)) }, worker));
  } finally {
    clearInterval(poll);
    hooks.signal?.removeEventListener('abort', onAbort);
    await runner.releaseAsync();
  }
  return { completed, failed, cancelled: controller.signal.aborted };
}
