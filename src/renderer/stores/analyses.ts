/**
 * The analyses of one trained black-box run (issue 18): the analysis kinds the host lists, each kind's
 * last file for the run and its kept steps (experimentView 'result'), Quick per kind, starting or resuming
 * one as a job, and a one-line refusal per kind. Nothing here knows a kind by name: a new analysis the host
 * lists gets a card, and the renderer registry decides its panel.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AnalysisResultView } from '../../shared/experiments/analysis-common.ts';
import type { ExperimentInfo, ExperimentKind } from '../../shared/experiments/index.ts';
import type { JobInfo } from '../../shared/lab-api.ts';
import { useClient } from '../api/client.ts';
import { useAppStore } from './app.ts';
import { useJobsStore } from './jobs.ts';
import { endedWithout, startExperimentJob } from './experiment-job.ts';
import { oneLine } from './models.ts';

/** The 'result' view's answer, checked for the fields the cards read (the call's result is `unknown`). */
export function asResultView(v: unknown, runId: string): AnalysisResultView | null {
  const r = v as Partial<AnalysisResultView> | null;
  if (typeof r !== 'object' || r === null || r.runId !== runId) return null;
  const file = r.file === null || (typeof r.file === 'object' && r.file !== undefined && Array.isArray(r.file.rows)) ? r.file : null;
  const pending = r.pending !== null && typeof r.pending === 'object' && typeof r.pending.done === 'number' && typeof r.pending.total === 'number' ? r.pending : null;
  return { runId, file: file === null ? null : { ...file, notes: Array.isArray(file.notes) ? file.notes : [] }, pending };
}

/** The Run button's words: a kept partial analysis is resumed, a finished one is run again. */
export function runLabel(result: AnalysisResultView | null | undefined): string {
  if (result?.pending) return 'Resume';
  return result?.file ? 'Run again' : 'Run';
}

/** "3 of 8 steps kept", or null when nothing is pending. */
export function pendingText(result: AnalysisResultView | null | undefined): string | null {
  const p = result?.pending;
  return p ? `${p.done} of ${p.total} step${p.total === 1 ? '' : 's'} kept` : null;
}

export const useAnalysesStore = defineStore('analyses', () => {
  const runId = ref<string | null>(null);
  /** The analysis kinds the host lists, in its order. */
  const kinds = ref<ExperimentInfo[]>([]);
  /** Each kind's result for the open run (missing while it loads). */
  const results = ref<Record<string, AnalysisResultView>>({});
  /** Quick per kind (on until the user turns it off): the full settings of a retraining analysis take long. */
  const quick = ref<Record<string, boolean>>({});
  const errors = ref<Record<string, string | null>>({});
  /** Jobs started from here, by `run/kind`: a run's card shows its own job only. */
  const jobIds = ref<Record<string, string>>({});

  const key = (run: string, kind: string) => `${run}/${kind}`;
  const isQuick = (kind: string) => quick.value[kind] ?? true;

  /** The running (or last) job of `kind` on the open run: started here, or pushed with the run's id. */
  function jobOf(kind: string): JobInfo | null {
    const run = runId.value;
    if (run === null) return null;
    const jobs = useJobsStore();
    const mine = jobIds.value[key(run, kind)];
    if (mine !== undefined && jobs.jobs[mine] !== undefined) return jobs.jobs[mine];
    return jobs.running.find((j) => j.kind === 'experiment' && j.experiment === kind && j.runId === run) ?? null;
  }
  const running = computed(() => Object.fromEntries(kinds.value.map((k) => [k.kind, jobOf(k.kind)?.status === 'running'])) as Record<string, boolean>);

  async function load(): Promise<void> {
    const r = useAppStore().take(await useClient().listExperiments({}));
    if (r !== null) kinds.value = r.filter((k) => k.role === 'analysis');
  }

  async function open(id: string | null): Promise<void> {
    if (id !== runId.value) {
      runId.value = id;
      results.value = {};
      errors.value = {};
    }
    if (kinds.value.length === 0) await load();
    await refresh();
  }

  /** Reads the open run's result of one kind, or of every kind. */
  async function refresh(only?: string): Promise<void> {
    const run = runId.value;
    if (run === null) return;
    await Promise.all(
      kinds.value
        .filter((k) => only === undefined || k.kind === only)
        .map(async (k) => {
          const r = await useClient().experimentView({ kind: k.kind, view: 'result', params: { runId: run } });
          if (runId.value !== run) return;
          if (!r.ok) {
            errors.value = { ...errors.value, [k.kind]: oneLine(r.error.message) };
            return;
          }
          const view = asResultView(r.value, run);
          if (view !== null) results.value = { ...results.value, [k.kind]: view };
        }),
    );
  }

  function setQuick(kind: string, on: boolean): void {
    quick.value = { ...quick.value, [kind]: on };
  }

  /** Starts (or resumes: the host goes on from kept steps of the same config) `kind` on the open run. */
  async function start(kind: ExperimentKind): Promise<boolean> {
    const run = runId.value;
    if (run === null) return false;
    errors.value = { ...errors.value, [kind]: null };
    // Resume sends exactly the config the kept steps ran with (the host starts afresh on any other).
    const kept = results.value[kind]?.pending?.config ?? null;
    const config: Record<string, unknown> = kept ?? { run, ...(isQuick(kind) ? { quick: true } : {}) };
    const r = await startExperimentJob(kind, config, (j) => {
      if (runId.value !== run) return;
      errors.value = { ...errors.value, [kind]: endedWithout(j, 'Analysis') };
      void refresh(kind);
    });
    if ('error' in r) {
      errors.value = { ...errors.value, [kind]: r.error };
      return false;
    }
    jobIds.value = { ...jobIds.value, [key(run, kind)]: r.jobId };
    return true;
  }

  return { runId, kinds, results, quick, errors, jobIds, running, isQuick, jobOf, load, open, refresh, setQuick, start };
});
