/**
 * `saliency-lab batch …` (issue 22): a grid of seeds and config values run as independent members,
 * here (`--executor local`), on Slurm as one array job (`--executor slurm`), or recorded for another
 * scheduler (`--executor external`, e.g. a Kubernetes indexed Job running `batch run-member`). Every
 * `--json` line is a contract scripts rely on: submit prints {"batch","members","executor"[,"job"]},
 * status one {"member","run","state",…} per member, collect the seeds lines then {"missing","failed"}.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type BatchMemberStatus, type BatchPlan, FINAL_MEMBER_STATES, type GridAxis, cellLabel } from '../../../shared/batch.ts';
import { LabError, serializeError } from '../../../shared/result.ts';
import { messageWithRemedy } from '../../../shared/remedy.ts';
import { batchableKinds, batchKindDefinition } from '../../host/batch/batch-plan.ts';
import { Batches } from '../../host/batch/batches.ts';
import { aggregateLines } from '../../host/batch/collect.ts';
import { runLocally } from '../../host/batch/local-executor.ts';
import { memberOf, runMember } from '../../host/batch/run-member.ts';
import { experimentDefinition } from '../../host/experiments/registry.ts';
import type { LabHost } from '../../host/lab-host.ts';
import { type Flags, flagNumber, given, requireFlag } from '../flags.ts';
import { hostFromFlags, interruptSignal } from '../host-from-flags.ts';
import { terminalSafe } from '../terminal-text.ts';
import { EXPERIMENT_FLAGS, runWithProgress } from './experiment.ts';

/** The batch's own flags; the kind's flags (`--quick`, `--epochs 3`) are passed to every member. */
const OWN_FLAGS = {
  json: { type: 'boolean' },
  backend: { type: 'string' },
  executor: { type: 'string' },
  kind: { type: 'string' },
  seeds: { type: 'string' },
  set: { type: 'string', multiple: true },
  partition: { type: 'string' },
  time: { type: 'string' },
  cpus: { type: 'string' },
  mem: { type: 'string' },
  gres: { type: 'string' },
  parallel: { type: 'string' },
  member: { type: 'string' },
  members: { type: 'string' },
  resamples: { type: 'string' },
  'bootstrap-seed': { type: 'string' },
  interval: { type: 'string' },
} as const;
const NOT_KIND_FLAGS = new Set([...Object.keys(OWN_FLAGS), 'workspace', 'verbose', 'help']);

export const BATCH_FLAGS: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { ...EXPERIMENT_FLAGS, ...OWN_FLAGS };

export const BATCH_USAGE = [
  'batch submit --kind KIND --seeds 1,2,3 [--set FLAG=V1,V2 ...] [KIND\'s own flags, e.g. --quick] [--executor local|slurm|external] [--parallel N] [--partition P --time T --cpus N --mem M --gres G] [--json]',
  'batch status|wait|cancel|collect BATCH_ID [--json]   |   batch resubmit BATCH_ID [--members 0,2] [--json]   |   batch run-member BATCH_ID [--member N] (N from $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX)   |   batch list [--json]',
].join('\n  saliency-lab ');

/** `1,2,3` → integers; a bad item is named. */
function intList(flags: Flags, name: string): number[] | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new LabError('bad-input', `--${name}: expected a comma-separated list of integers`);
  return v.split(',').map((s) => {
    const n = Number(s.trim());
    if (s.trim() === '' || !Number.isInteger(n)) throw new LabError('bad-input', `--${name}: expected comma-separated integers, got "${terminalSafe(s.trim())}"`);
    return n;
  });
}

/** `--set epochs=3,5 --set lr=0.01` → grid axes. */
function gridFromFlags(flags: Flags): GridAxis[] {
  const given = flags.set === undefined ? [] : Array.isArray(flags.set) ? flags.set : [String(flags.set)];
  return given.map((text) => {
    const eq = text.indexOf('=');
    if (eq <= 0 || eq === text.length - 1) throw new LabError('bad-input', `--set: expected FLAG=V1,V2 (e.g. --set epochs=3,5), got "${terminalSafe(text)}"`);
    return { flag: text.slice(0, eq).replace(/^--/, ''), values: text.slice(eq + 1).split(',').map((s) => s.trim()) };
  });
}

function kindFlags(flags: Flags): Record<string, string | boolean> {
  return Object.fromEntries(Object.entries(flags).filter((e): e is [string, string | boolean] => !NOT_KIND_FLAGS.has(e[0]) && (typeof e[1] === 'string' || e[1] === true)));
}

function batchId(positionals: string[], sub: string): string {
  const id = positionals[1];
  if (id === undefined) throw new LabError('bad-input', `batch ${sub}: BATCH_ID is required (saliency-lab batch list)`);
  return id;
}

const print = (line: object) => process.stdout.write(JSON.stringify(line) + '\n');

function describeStatus(s: BatchMemberStatus): string {
  const epochs = s.epochs !== undefined ? ` ${s.epochs.done}/${s.epochs.of} epochs` : '';
  return `member ${String(s.member).padStart(3)}  seed ${String(s.seed).padEnd(6)} ${cellLabel(s.set).padEnd(16)} ${s.state.padEnd(11)} ${s.run ?? '–'}${epochs}${s.slurm ? `  [Slurm ${s.slurm.task}: ${s.slurm.state ?? 'gone'}]` : ''}${s.detail ? `  ${s.detail}` : ''}`;
}

function printStatuses(statuses: BatchMemberStatus[], json: boolean): void {
  if (json) statuses.forEach(print);
  else for (const s of statuses) process.stderr.write(terminalSafe(describeStatus(s)) + '\n');
}

/** Runs members of a local batch in this process, each member's stage on one line of stderr. */
async function runHere(host: LabHost, batches: Batches, plan: BatchPlan, members: number[], parallel: number, json: boolean): Promise<void> {
  const { signal, dispose } = interruptSignal(['SIGINT', 'SIGTERM']);
  const say = (line: string) => (!json || line.startsWith('note: ')) && process.stderr.write(terminalSafe(line) + '\n');
  try {
    say(`batch ${plan.id}: running ${members.length} member${members.length === 1 ? '' : 's'} here, ${parallel} at a time (batch status ${plan.id} from another terminal; batch cancel ${plan.id} stops it)`);
    const r = await runLocally(host, batches.store, plan, members, parallel, {
      signal,
      log: say,
      onMemberDone: (m, outcome) => say('run' in outcome ? `member ${m}: ${outcome.run.status}, run ${outcome.run.id}` : `member ${m}: ${messageWithRemedy(serializeError(outcome.error), 'cli').split('\n')[0]}`),
    });
    if (r.cancelled) throw new LabError('cancelled', `batch ${plan.id}: cancelled after ${r.completed} of ${members.length} members (batch resubmit ${plan.id} goes on; each member resumes its run)`);
    if (r.failed > 0) throw new LabError('internal', `batch ${plan.id}: ${r.failed} of ${members.length} members failed (batch status ${plan.id} says why)`);
  } finally {
    dispose();
  }
}

async function submit(flags: Flags): Promise<void> {
  const json = flags.json === true;
  const kind = requireFlag(flags, 'kind');
  batchKindDefinition(kind);
  const request = {
    kind,
    ...given({ executor: flags.executor, parallel: flagNumber(flags, 'parallel') }),
    seeds: intList(flags, 'seeds') ?? (() => { throw new LabError('bad-input', '--seeds is required (e.g. --seeds 1,2,3)'); })(),
    grid: gridFromFlags(flags),
    flags: kindFlags(flags),
    slurm: given({ partition: flags.partition, time: flags.time, cpus: flagNumber(flags, 'cpus'), mem: flags.mem, gres: flags.gres }),
  };
  const host = await hostFromFlags(flags);
  try {
    const batches = new Batches(host);
    const { plan, submitted } = await batches.submit(request);
    if (json) print(submitted);
    else process.stderr.write(`batch ${plan.id}: ${plan.members.length} members of ${plan.kind} (${plan.executor}${submitted.job !== undefined ? `, Slurm job ${submitted.job}` : ''})\n`);
    if (plan.executor === 'local') await runHere(host, batches, plan, plan.members.map((m) => m.index), flagNumber(flags, 'parallel') ?? 1, json);
    else if (plan.executor === 'external' && !json) process.stderr.write(`recorded; each member runs with: saliency-lab batch run-member ${plan.id} --member N --workspace ${host.workspace.root}  (N = 0…${plan.members.length - 1})\n`);
  } finally {
    await host.close();
  }
}

/** The member a task runs: --member, else the scheduler's index. */
function memberIndex(flags: Flags): number {
  const text = typeof flags.member === 'string' ? flags.member : (process.env.SLURM_ARRAY_TASK_ID ?? process.env.JOB_COMPLETION_INDEX);
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(n) || n < 0) {
    throw new LabError('bad-input', text === undefined ? '--member: required outside a Slurm array task or an indexed Job' : `--member: expected a member index, got "${terminalSafe(text)}"`);
  }
  return n;
}

async function runMemberCommand(flags: Flags, positionals: string[]): Promise<void> {
  const id = batchId(positionals, 'run-member');
  const index = memberIndex(flags);
  const host = await hostFromFlags(flags);
  const batches = new Batches(host);
  let plan: BatchPlan;
  try {
    plan = await batches.read(id);
    memberOf(plan, index);
  } catch (e) {
    await host.close();
    throw e;
  }
  const def = experimentDefinition(plan.kind as never)!;
  // SIGTERM too: Slurm's scancel and time limit send it; the run is then saved as cancelled, not torn.
  await runWithProgress(host, def, flags, async (h, hooks) => ({ ok: true, value: { summary: await def.summarize(h, await runMember(h, batches.store, plan, index, hooks)) } }), ['SIGINT', 'SIGTERM']);
}

async function withBatches<T>(flags: Flags, use: (b: Batches, host: LabHost) => Promise<T>): Promise<T> {
  const host = await hostFromFlags(flags);
  try {
    return await use(new Batches(host), host);
  } finally {
    await host.close();
  }
}

function unfinished(statuses: BatchMemberStatus[]): string {
  const bad = statuses.filter((s) => s.state !== 'completed');
  return `${bad.length} of ${statuses.length} members did not complete: ${bad.map((s) => `member ${s.member} ${s.state}`).join(', ')}`;
}

async function wait(flags: Flags, id: string): Promise<void> {
  const interval = (flagNumber(flags, 'interval') ?? 5) * 1000;
  const { signal, dispose } = interruptSignal();
  try {
    await withBatches(flags, async (b) => {
      let last = '';
      for (;;) {
        let statuses: BatchMemberStatus[];
        try {
          statuses = await b.status(id);
        } catch (e) {
          // The controller briefly unreachable is not the batch ending: say so and ask again.
          if (!(e instanceof LabError) || e.kind !== 'io') throw e;
          process.stderr.write(`note: ${e.message.split('\n')[0]}; asking again in ${interval / 1000} s\n`);
          await sleep(interval, undefined, { signal }).catch(() => undefined);
          if (signal.aborted) throw new LabError('cancelled', `batch ${id}: stopped waiting (the batch goes on)`);
          continue;
        }
        const counts = statuses.reduce<Record<string, number>>((c, s) => ({ ...c, [s.state]: (c[s.state] ?? 0) + 1 }), {});
        const line = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ');
        if (line !== last) process.stderr.write(`batch ${id}: ${line}\n`);
        last = line;
        if (statuses.every((s) => FINAL_MEMBER_STATES.includes(s.state))) {
          printStatuses(statuses, flags.json === true);
          if (statuses.some((s) => s.state !== 'completed')) throw new LabError('internal', `batch ${id}: ${unfinished(statuses)}`);
          return;
        }
        if (signal.aborted) throw new LabError('cancelled', `batch ${id}: stopped waiting (the batch goes on)`);
        await sleep(interval, undefined, { signal }).catch(() => undefined);
      }
    });
  } finally {
    dispose();
  }
}

export async function batchCommand(flags: Flags, positionals: string[]): Promise<void> {
  const sub = positionals[0];
  const json = flags.json === true;
  switch (sub) {
    case 'submit':
      return submit(flags);
    case 'run-member':
      return runMemberCommand(flags, positionals);
    case 'status':
      return withBatches(flags, async (b) => printStatuses(await b.status(batchId(positionals, sub)), json));
    case 'wait':
      return wait(flags, batchId(positionals, sub));
    case 'cancel':
      return withBatches(flags, async (b) => {
        const r = await b.cancel(batchId(positionals, sub));
        if (json) print(r);
        else process.stderr.write(`batch ${r.batch}: cancel requested${r.cancelled.length > 0 ? ` (scancel ${r.cancelled.join(' ')})` : ''}\n`);
      });
    case 'resubmit':
      return withBatches(flags, async (b, host) => {
        const r = await b.resubmit(batchId(positionals, sub), intList(flags, 'members'));
        if (json) print({ batch: r.plan.id, members: r.members, executor: r.plan.executor, ...(r.job !== undefined ? { job: r.job } : {}) });
        else process.stderr.write(`batch ${r.plan.id}: resubmitting members ${r.members.join(', ') || '(none: every member completed)'}${r.job !== undefined ? ` as Slurm job ${r.job}` : ''}\n`);
        if (r.plan.executor === 'local' && r.members.length > 0) await runHere(host, b, r.plan, r.members, flagNumber(flags, 'parallel') ?? 1, json);
      });
    case 'collect':
      return withBatches(flags, async (b) => {
        const settings = { resamples: flagNumber(flags, 'resamples') ?? 10_000, bootstrapSeed: flagNumber(flags, 'bootstrap-seed') ?? 1 };
        if (!Number.isInteger(settings.resamples) || settings.resamples < 100 || settings.resamples > 1_000_000) throw new LabError('bad-input', `--resamples: expected an integer in [100, 1000000], got ${settings.resamples}`);
        const { aggregate, files } = await b.collect(batchId(positionals, sub), settings);
        if (json) {
          aggregateLines(aggregate).forEach(print);
        } else {
          for (const c of aggregate.cells) {
            process.stderr.write(`${cellLabel(c.set)}: ${c.runs.length} seeds (${c.runs.map((r) => r.seed).join(', ')})\n`);
            for (const r of c.rows) process.stderr.write(`  ${'comparison' in r ? r.comparison : r.method} ${r.metric}: mean ${r.mean?.toFixed(3) ?? '–'} ${r.ci95 === null ? `no interval (${r.note ?? ''})` : `95% t interval [${r.ci95[0].toFixed(3)}, ${r.ci95[1].toFixed(3)}]`} (n = ${r.n} seeds)\n`);
          }
          for (const n of aggregate.notes) process.stderr.write(`note: ${n}\n`);
        }
        process.stderr.write(`wrote ${files.html}\n`);
      });
    case 'list':
      return withBatches(flags, async (b) => {
        for (const plan of await b.list()) {
          if (json) print({ batch: plan.id, kind: plan.kind, executor: plan.executor, members: plan.members.length, createdAt: plan.createdAt });
          else process.stderr.write(`${plan.id}  ${plan.kind}  ${plan.executor}  ${plan.members.length} members  ${plan.createdAt}\n`);
        }
      });
    default:
      throw new LabError('bad-input', `batch: expected submit, status, wait, cancel, resubmit, collect, run-member or list, got "${terminalSafe(sub ?? '')}" (batch kinds: ${batchableKinds().join(', ')})`);
  }
}
