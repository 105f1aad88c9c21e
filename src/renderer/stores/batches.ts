/**
 * Batches (issue 22) from the app: the form, the batches in the workspace (newest first), the selected
 * batch's members (refreshed every 2 s while one is pending or running), Cancel, Resubmit, Collect and
 * the aggregate. Every refusal and failure is one line in one place (`error`), replaced by the next,
 * never a stack of banners; a local batch's job shows in the job bar like any other.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BatchAggregate, BatchMemberStatus, BatchSummary } from '../../shared/batch.ts';
import type { JobInfo } from '../../shared/lab-api.ts';
import { useClient } from '../api/client.ts';
import { type BatchFormInput, batchRequestOf, defaultBatchForm } from '../batch-form.ts';
import { useJobsStore } from './jobs.ts';
import { oneLine } from './models.ts';

/** How often the members' states are asked for while one is pending or running. */
export const MEMBER_POLL_MS = 2000;

export type BatchAction = 'submit' | 'cancel' | 'resubmit' | 'collect';
export type CollectedBatch = BatchAggregate & { url: string };

/** A member still waiting or working. */
export const isActive = (m: Pick<BatchMemberStatus, 'state'>) => m.state === 'pending' || m.state === 'running';

export const useBatchesStore = defineStore('batches', () => {
  const kinds = ref<string[]>([]);
  const list = ref<BatchSummary[]>([]);
  const form = ref<BatchFormInput>(defaultBatchForm());
  const selected = ref<string | null>(null);
  const members = ref<BatchMemberStatus[]>([]);
  /** The selected batch's aggregate, once collected. */
  const aggregate = ref<CollectedBatch | null>(null);
  /** The last refusal or failure, one line. */
  const error = ref<string | null>(null);
  /** What the last action did, one line (e.g. "batch …: 4 members submitted"). */
  const notice = ref<string | null>(null);
  /** The action under way: its button is disabled and says so. */
  const busy = ref<BatchAction | null>(null);

  const summary = computed(() => list.value.find((b) => b.id === selected.value) ?? null);
  const active = computed(() => members.value.some(isActive));
  /** Members Resubmit would run again: all not completed, once none is pending or running (the host refuses otherwise). */
  const resubmittable = computed<BatchMemberStatus[]>(() => (active.value ? [] : members.value.filter((m) => m.state !== 'completed')));

  /** Batch jobs this page started, by job id, so their end refreshes that batch at once. */
  const jobBatch = new Map<string, string>();
  let listening = false;
  function listen(): void {
    if (listening) return;
    listening = true;
    useJobsStore().onUpdate((j: JobInfo) => {
      const batch = jobBatch.get(j.id);
      if (batch === undefined) return;
      if (j.status !== 'running') jobBatch.delete(j.id);
      if (batch === selected.value) void refreshMembers();
    });
  }

  const fail = (message: string) => {
    error.value = oneLine(message);
    notice.value = null;
  };

  async function load(): Promise<void> {
    listen();
    const r = await useClient().listBatches({});
    if (!r.ok) return fail(r.error.message);
    kinds.value = r.value.kinds;
    list.value = [...r.value.batches].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (!kinds.value.includes(form.value.kind)) form.value = { ...form.value, kind: kinds.value.includes('blackbox') ? 'blackbox' : kinds.value[0] ?? '' };
    if (selected.value !== null && !list.value.some((b) => b.id === selected.value)) select(null);
  }

  // ---- the members of the selected batch, polled while one is pending or running ----

  let polling = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Answers to an older batch's or an older request are dropped. */
  let asked = 0;

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (polling && active.value) timer = setTimeout(() => void refreshMembers(), MEMBER_POLL_MS);
  }

  async function refreshMembers(): Promise<void> {
    const id = selected.value;
    if (id === null) return;
    const ask = ++asked;
    const r = await useClient().batchStatus({ batch: id });
    if (ask !== asked || id !== selected.value) return;
    if (!r.ok) {
      // Stop asking: the next select, action or visit asks again.
      if (timer !== null) clearTimeout(timer);
      timer = null;
      return fail(r.error.message);
    }
    members.value = r.value;
    schedule();
  }

  /** The view is shown: poll while a member is pending or running. */
  function startPolling(): void {
    polling = true;
    void refreshMembers();
  }

  function stopPolling(): void {
    polling = false;
    schedule();
  }

  function select(id: string | null): void {
    if (id === selected.value) return;
    selected.value = id;
    members.value = [];
    aggregate.value = null;
    notice.value = null;
    asked++;
    schedule();
    if (id !== null) void refreshMembers();
  }

  // ---- actions ----

  async function act<T>(action: BatchAction, work: () => Promise<T>): Promise<T | null> {
    if (busy.value !== null) return null;
    busy.value = action;
    error.value = null;
    notice.value = null;
    try {
      return await work();
    } finally {
      busy.value = null;
    }
  }

  /** Submits the form; a problem in it or the host's refusal is one line in `error`. */
  async function submit(): Promise<boolean> {
    const built = batchRequestOf(form.value);
    if ('error' in built) {
      fail(built.error);
      return false;
    }
    const done = await act('submit', async () => {
      const r = await useClient().submitBatch(built.request);
      if (!r.ok) {
        fail(r.error.message);
        return false;
      }
      const s = r.value;
      if (s.jobId !== undefined) jobBatch.set(s.jobId, s.batch);
      await load();
      select(s.batch);
      notice.value = `batch ${s.batch}: ${s.members} member${s.members === 1 ? '' : 's'} submitted (${s.executor}${s.job !== undefined ? `, Slurm job ${s.job}` : ''})`;
      return true;
    });
    return done === true;
  }

  async function cancel(): Promise<void> {
    const id = selected.value;
    if (id === null) return;
    await act('cancel', async () => {
      const r = await useClient().cancelBatch({ batch: id });
      if (!r.ok) return fail(r.error.message);
      notice.value = `batch ${id}: cancel requested${r.value.cancelled.length > 0 ? ` (Slurm tasks ${r.value.cancelled.join(', ')})` : ''}`;
      await refreshMembers();
    });
  }

  /** Runs every member not completed again; each resumes its run. */
  async function resubmit(): Promise<void> {
    const id = selected.value;
    if (id === null) return;
    await act('resubmit', async () => {
      const r = await useClient().resubmitBatch({ batch: id });
      if (!r.ok) return fail(r.error.message);
      if (r.value.jobId !== undefined) jobBatch.set(r.value.jobId, id);
      const n = r.value.members.length;
      notice.value = n === 0 ? `batch ${id}: every member has completed` : `batch ${id}: ${n} member${n === 1 ? '' : 's'} resubmitted (${r.value.executor}${r.value.job !== undefined ? `, Slurm job ${r.value.job}` : ''})`;
      await refreshMembers();
    });
  }

  /** The aggregate over the members that completed (written to the batch's aggregate page too). */
  async function collect(): Promise<void> {
    const id = selected.value;
    if (id === null) return;
    await act('collect', async () => {
      const r = await useClient().collectBatch({ batch: id });
      if (!r.ok) return fail(r.error.message);
      if (selected.value !== id) return;
      aggregate.value = r.value;
      members.value = r.value.members;
      schedule();
    });
  }

  function setForm(patch: Partial<BatchFormInput>): void {
    form.value = { ...form.value, ...patch };
  }

  return { kinds, list, form, selected, summary, members, active, resubmittable, aggregate, error, notice, busy, load, refreshMembers, startPolling, stopPolling, select, submit, cancel, resubmit, collect, setForm };
});
