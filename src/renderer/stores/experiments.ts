/**
 * The experiment launcher: the kinds the host offers (with their config schemas), the chosen kind, the
 * fields the user changed, Quick, starting the kind as one job, its stage, and where its run opens.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ExperimentInfo, ExperimentKind } from '../../shared/experiments/index.ts';
import type { JobInfo } from '../../shared/lab-api.ts';
import { useClient } from '../api/client.ts';
import { useAppStore } from './app.ts';
import { useJobsStore } from './jobs.ts';
import { buildConfig, fieldProblem, formGroups, shownValue } from '../experiment-form.ts';

/** `training (2/5)` → { name: 'training', index: 1, count: 5 }. */
export function parseStage(stage: string | undefined): { name: string; index: number; count: number } | null {
  const m = /^(.*) \((\d+)\/(\d+)\)$/.exec(stage ?? '');
  return m ? { name: m[1], index: Number(m[2]) - 1, count: Number(m[3]) } : null;
}

export const useExperimentsStore = defineStore('experiments', () => {
  const kinds = ref<ExperimentInfo[]>([]);
  const kind = ref<ExperimentKind | null>(null);
  /** Per kind: only the fields the user changed (path → value); the rest come from the host. */
  const edits = ref<Record<string, Record<string, unknown>>>({});
  const quick = ref(true);
  /** The last refusal of startExperiment, one line, shown by the form. */
  const error = ref<string | null>(null);
  const jobId = ref<string | null>(null);
  const jobKind = ref<ExperimentKind | null>(null);
  const listeners = new Set<(job: JobInfo, kind: ExperimentKind) => void>();

  const info = computed(() => kinds.value.find((k) => k.kind === kind.value) ?? null);
  const groups = computed(() => formGroups(info.value?.configSchema));
  const current = computed(() => (kind.value ? edits.value[kind.value] ?? {} : {}));
  const job = computed(() => (jobId.value ? useJobsStore().jobs[jobId.value] ?? null : null));
  const running = computed(() => job.value?.status === 'running');
  const stage = computed(() => parseStage(job.value?.progress?.stage));
  /** Field problems the form can see before asking the host (path → words). */
  const problems = computed(() => {
    const out: Record<string, string> = {};
    for (const g of groups.value) {
      for (const f of g.fields) {
        const p = fieldProblem(f, shownValue(f, current.value, quick.value, info.value?.quickPreset).value);
        if (p !== null) out[f.path] = p;
      }
    }
    return out;
  });

  /**
   * Follows an experiment job this page did not start (the page was reloaded, or another window started
   * it): the launcher shows its stages and progress and will not offer a second Start meanwhile.
   */
  function follow(j: JobInfo): void {
    if (j.kind !== 'experiment' || j.experiment === undefined || j.status !== 'running' || running.value) return;
    jobId.value = j.id;
    jobKind.value = j.experiment;
    kind.value = j.experiment;
    watchFinish(j.id, j.experiment);
  }

  /** Jobs whose end is already watched: a started job's first event may arrive before startExperiment's answer, and `follow` sees it first. */
  const watched = new Set<string>();
  function watchFinish(id: string, k: ExperimentKind): void {
    if (watched.has(id)) return;
    watched.add(id);
    const off = useJobsStore().onUpdate((j) => {
      if (j.id !== id || j.status === 'running') return;
      off();
      for (const l of listeners) l(j, k);
    });
  }

  let following = false;
  async function load(): Promise<void> {
    if (!following) {
      following = true;
      const jobs = useJobsStore();
      jobs.onUpdate(follow);
      for (const j of Object.values(jobs.jobs)) follow(j);
    }
    const r = useAppStore().take(await useClient().listExperiments({}));
    if (r === null) return;
    kinds.value = r;
    if (kind.value === null || !r.some((k) => k.kind === kind.value)) kind.value = r.find((k) => k.kind === 'vae-concept')?.kind ?? r[0]?.kind ?? null;
  }

  function setField(path: string, value: unknown): void {
    if (kind.value === null) return;
    const next = { ...current.value };
    if (value === undefined) delete next[path];
    else next[path] = value;
    edits.value = { ...edits.value, [kind.value]: next };
    error.value = null;
  }

  function resetFields(): void {
    if (kind.value !== null) edits.value = { ...edits.value, [kind.value]: {} };
    error.value = null;
  }

  /** Calls back once when the started experiment's job finishes (done, failed or cancelled). */
  function onFinished(listener: (job: JobInfo, kind: ExperimentKind) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  async function start(): Promise<boolean> {
    if (kind.value === null) return false;
    const k = kind.value;
    const first = Object.entries(problems.value)[0];
    if (first !== undefined) {
      error.value = `${first[0]}: ${first[1]}`;
      return false;
    }
    error.value = null;
    const r = await useClient().startExperiment({ kind: k, config: buildConfig(current.value, quick.value) });
    if (!r.ok) {
      // One line, next to the form: "startExperiment: …" is the host's prefix for a bad payload.
      error.value = r.error.message.split('\n')[0];
      return false;
    }
    jobId.value = r.value.jobId;
    jobKind.value = k;
    watchFinish(r.value.jobId, k);
    return true;
  }

  async function cancel(): Promise<void> {
    if (jobId.value !== null) await useJobsStore().cancel(jobId.value);
  }

  return { kinds, kind, info, groups, edits, current, quick, error, jobId, jobKind, job, running, stage, problems, load, setField, resetFields, onFinished, start, cancel };
});
