/**
 * The Slurm executor: one `sbatch` array job per submission (the first with every member, a
 * resubmission with those not finished), each task running `saliency-lab batch run-member` for its
 * member on the shared workspace; `squeue` while tasks live and `scontrol show job` after; `scancel`.
 * The lab schedules nothing itself. Everything is checked before anything is written or submitted: the
 * tools are on PATH, the partition exists, and the workspace is one the partition's nodes can see.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../../../node/atomic-write.ts';
import { type BatchPlan, type SlurmOptions, SlurmOptionsSchema } from '../../../shared/batch.ts';
import { check, dottedPath } from '../../../shared/schemas/check.ts';
import { BackendChoiceSchema } from '../../../shared/schemas/run.ts';
import { LabError } from '../../../shared/result.ts';
import type { BatchStore } from './batch-store.ts';
import type { SlurmTaskState } from './member-status.ts';

const exec = promisify(execFile);

/** The CLI every task runs: the same checkout and Node as this process (on a shared filesystem too). */
const CLI = fileURLToPath(new URL('../../../../bin/saliency-lab.mjs', import.meta.url));

/** Filesystems only the machine that mounts them sees. */
const NODE_LOCAL_FILESYSTEMS = new Set(['ext2/ext3', 'ext4', 'xfs', 'btrfs', 'tmpfs', 'overlayfs', 'zfs', 'f2fs', 'ramfs', 'vfat', 'ecryptfs']);

async function onPath(tool: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, tool);
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

async function requireTool(tool: string): Promise<void> {
  if ((await onPath(tool)) === null) throw new LabError('bad-input', `--executor slurm: ${tool} not found on PATH (install Slurm's client tools, or run the batch with --executor local)`);
}

async function slurm(tool: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec(tool, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    const said = (err.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? err.message.split('\n')[0];
    throw new LabError(err.code === 'ENOENT' ? 'bad-input' : 'io', `${tool} ${args.join(' ')}: ${said}`);
  }
}

const short = (host: string) => host.split('.')[0];

/**
 * Whether the partition's nodes see the workspace: always when every node is this machine; otherwise
 * only on a shared filesystem. A one-line problem naming the flag or null.
 */
export function workspaceVisibilityProblem(root: string, fsType: string, nodes: string[], thisHost: string): string | null {
  const others = nodes.filter((n) => short(n) !== short(thisHost) && n !== 'localhost');
  if (others.length === 0 || !NODE_LOCAL_FILESYSTEMS.has(fsType)) return null;
  return `--workspace: ${root} is on this machine's own ${fsType} filesystem, which Slurm's nodes ${others.slice(0, 4).join(', ')}${others.length > 4 ? ', …' : ''} cannot see; put the workspace on a filesystem every node mounts (NFS, Lustre, GPFS, BeeGFS, CephFS)`;
}

/** Checks the tools, the partition and the workspace; throws a one-line 'bad-input' naming the flag. */
export async function checkSlurm(options: SlurmOptions, workspaceRoot: string): Promise<void> {
  for (const tool of ['sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo']) await requireTool(tool);
  const partitions = (await slurm('sinfo', ['-h', '-o', '%P']))
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const names = partitions.map((p) => p.replace(/\*$/, ''));
  if (options.partition !== undefined && !names.includes(options.partition)) {
    throw new LabError('bad-input', `--partition: Slurm has no partition "${options.partition}" (it has ${names.join(', ') || 'none'})`);
  }
  const partition = options.partition ?? partitions.find((p) => p.endsWith('*'))?.replace(/\*$/, '');
  const nodes = (await slurm('sinfo', ['-h', '-N', '-o', '%N', ...(partition !== undefined ? ['-p', partition] : [])]))
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const fsType = (await exec('stat', ['-f', '-c', '%T', workspaceRoot])).stdout.trim();
  const problem = workspaceVisibilityProblem(workspaceRoot, fsType, [...new Set(nodes)], hostname());
  if (problem !== null) throw new LabError('bad-input', problem);
}

/** `0-2,5,7-8`: Slurm's array spec for these indices. */
export function arraySpec(indices: number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** What the plan asks Slurm for, without its record of submissions. */
export function slurmOptionsOf(plan: BatchPlan): SlurmOptions {
  const { submissions: _submissions, ...options } = plan.slurm ?? { submissions: [] };
  return options;
}

/**
 * The plan's Slurm options and backend, checked again before they are written into a script: batch.json
 * sits in a shared workspace, and what goes into `#SBATCH` lines must be what the schema allows.
 */
function checkedSlurmOptions(plan: BatchPlan): SlurmOptions {
  const r = check(SlurmOptionsSchema, slurmOptionsOf(plan));
  if (!r.ok) throw new LabError('bad-input', `batch "${plan.id}": its batch.json has a Slurm option the lab would not write (${dottedPath(r.path)}: ${r.problem})`);
  const backend = check(BackendChoiceSchema, plan.backend);
  if (!backend.ok) throw new LabError('bad-input', `batch "${plan.id}": its batch.json has backend ${JSON.stringify(plan.backend)} (${backend.problem})`);
  return r.value;
}

/** Single-quoted for bash. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The array script: resources from the plan, one `batch run-member` per task on the shared workspace. */
export function arrayScript(plan: BatchPlan, workspaceRoot: string, indices: number[]): string {
  const o = checkedSlurmOptions(plan);
  const directives = [
    `--job-name=saliency-lab-${plan.id}`,
    `--array=${arraySpec(indices)}`,
    ...(o.partition !== undefined ? [`--partition=${o.partition}`] : []),
    ...(o.time !== undefined ? [`--time=${o.time}`] : []),
    `--cpus-per-task=${o.cpus ?? 1}`,
    ...(o.mem !== undefined ? [`--mem=${o.mem}`] : []),
    ...(o.gres !== undefined ? [`--gres=${o.gres}`] : []),
    // Sent to the batch shell (B:), which is the member's node process (exec), a minute before the time
    // limit: the task saves its run as cancelled and a resubmission resumes it.
    '--signal=B:TERM@60',
  ];
  return [
    '#!/bin/bash',
    `# Saliency Bias Lab batch ${plan.id}: ${plan.members.length} members of ${plan.kind}. Each task runs one member;`,
    '# a member that already has a run resumes it, so a requeued or resubmitted task loses no finished epochs.',
    ...directives.map((d) => `#SBATCH ${d}`),
    'set -euo pipefail',
    `exec ${sh(process.execPath)} ${sh(CLI)} batch run-member ${sh(plan.id)} --member "$SLURM_ARRAY_TASK_ID" --workspace ${sh(workspaceRoot)} --backend ${sh(plan.backend)}`,
    '',
  ].join('\n');
}

/** Writes the script and submits it; the job id. */
export async function submitArray(store: BatchStore, plan: BatchPlan, indices: number[]): Promise<{ jobId: string; script: string }> {
  const dir = store.slurmDir(plan.id);
  const logs = join(dir, 'logs');
  await mkdir(logs, { recursive: true });
  const n = plan.slurm?.submissions.length ?? 0;
  const script = join(dir, n === 0 ? 'array.sbatch' : `resubmit-${n}.sbatch`);
  await writeFileAtomic(script, arrayScript(plan, store.workspace.root, indices));
  // The log path is an argument, not a script line: a workspace path never becomes shell text.
  const out = (await slurm('sbatch', ['--parsable', `--output=${join(logs, '%A_%a.out')}`, script])).trim();
  const jobId = out.split(';')[0];
  if (!/^\d+$/.test(jobId)) throw new LabError('io', `sbatch ${script}: expected a job id, got "${out}"`);
  return { jobId, script };
}

/** `1-3,5` or `7` → indices (a pending array's record in scontrol holds a range; `%N` limits are cut). */
function expandTaskIds(spec: string): number[] {
  return spec
    .replace(/%.*$/, '')
    .split(',')
    .flatMap((part) => {
      const [a, b] = part.split('-').map(Number);
      if (!Number.isInteger(a)) return [];
      return b === undefined ? [a] : Number.isInteger(b) ? Array.from({ length: b - a + 1 }, (_, i) => a + i) : [];
    });
}

/** Each member's latest Slurm job: a resubmission's job replaces the first array's for its members. */
function latestJobs(plan: BatchPlan): Map<number, string> {
  const latest = new Map<number, string>();
  for (const s of plan.slurm?.submissions ?? []) for (const m of s.members) latest.set(m, s.jobId);
  return latest;
}

/** What squeue and scontrol say of a job id they no longer (or never) knew. */
const UNKNOWN_JOB = /invalid job id/i;

/** Each member's latest task and its state: squeue for live tasks, scontrol for those that ended. */
export async function slurmTaskStates(plan: BatchPlan): Promise<Map<number, SlurmTaskState>> {
  const latest = latestJobs(plan);
  const states = new Map<string, string>(); // "JOB_INDEX" → state
  for (const jobId of new Set(latest.values())) {
    try {
      for (const line of (await slurm('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T'])).split('\n')) {
        const [task, state] = line.trim().split('|');
        if (task && state) states.set(task, state);
      }
    } catch (e) {
      // An ended job is no longer in squeue (it errors on an unknown id): scontrol below. Anything else
      // (the controller unreachable) must not read as "every task gone".
      if (!UNKNOWN_JOB.test((e as Error).message)) throw e;
    }
    try {
      for (const record of (await slurm('scontrol', ['-o', 'show', 'job', jobId])).split('\n')) {
        const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(record)?.[1];
        const array = field('ArrayJobId');
        const ids = field('ArrayTaskId');
        const state = field('JobState');
        if (array === undefined || ids === undefined || state === undefined) continue;
        for (const i of expandTaskIds(ids)) if (!states.has(`${array}_${i}`)) states.set(`${array}_${i}`, state);
      }
    } catch (e) {
      // Slurm forgot the job (MinJobAge): the workspace alone says what happened.
      if (!UNKNOWN_JOB.test((e as Error).message)) throw e;
    }
  }
  return new Map([...latest].map(([member, jobId]) => [member, { task: `${jobId}_${member}`, state: states.get(`${jobId}_${member}`) ?? null }]));
}

/** Cancels the members' latest tasks (those not given: every task of the batch). */
export async function cancelTasks(plan: BatchPlan, members?: number[]): Promise<string[]> {
  await requireTool('scancel');
  const latest = latestJobs(plan);
  const tasks = [...latest].filter(([m]) => members === undefined || members.includes(m)).map(([m, job]) => `${job}_${m}`);
  if (tasks.length > 0) await slurm('scancel', tasks);
  return tasks;
}
