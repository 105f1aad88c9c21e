/**
 * Starting an experiment kind as a job from a view (the sweep, an analysis) and hearing once when it ends.
 * The job's end may be pushed before startExperiment answers (a refused run fails at once), so the job is
 * looked up again once the answer is in; a refusal of the call itself is one line for the view to show.
 */
import type { ExperimentKind } from '../../shared/experiments/index.ts';
import type { JobInfo } from '../../shared/lab-api.ts';
import { useClient } from '../api/client.ts';
import { useJobsStore } from './jobs.ts';
import { oneLine } from './models.ts';

export type StartOutcome = { jobId: string } | { error: string };

export async function startExperimentJob(kind: ExperimentKind, config: Record<string, unknown>, onEnd: (job: JobInfo) => void): Promise<StartOutcome> {
  const r = await useClient().startExperiment({ kind, config });
  if (!r.ok) return { error: oneLine(r.error.message) };
  const jobs = useJobsStore();
  const id = r.value.jobId;
  let ended = false;
  const end = (j: JobInfo): void => {
    if (ended || j.id !== id || j.status === 'running') return;
    ended = true;
    off();
    onEnd(j);
  };
  const off = jobs.onUpdate(end);
  const now = jobs.jobs[id];
  if (now !== undefined) end(now);
  return { jobId: id };
}

/** What a view says when its job did not finish: cancelled, or the failure's first line. */
export function endedWithout(j: JobInfo, what: string): string | null {
  if (j.status === 'done') return null;
  return j.status === 'cancelled' ? `${what} cancelled.` : oneLine(j.error?.message ?? `${what} failed`);
}
