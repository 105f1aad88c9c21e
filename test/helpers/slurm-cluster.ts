/**
 * A one-node Slurm cluster for the batch tests (../shared/notes/cluster.md): munged, slurmctld and slurmd
 * started without systemd, as root, with a generated slurm.conf and every state, spool, pid and log
 * file under a temp dir. `startSlurmCluster()` returns null with the reason when it cannot run here (no
 * Slurm installed, not root), so the slurm tests say so and skip; everything else runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

export interface SlurmCluster {
  conf: string;
  /** The environment the Slurm tools (and the lab's CLI) need: SLURM_CONF. */
  env: NodeJS.ProcessEnv;
  stop(): void;
}

function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

function mungeWorks(): boolean {
  return spawnSync('sh', ['-c', 'munge -n | unmunge'], { timeout: 5000 }).status === 0;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function startSlurmCluster(): SlurmCluster | { skip: string } {
  for (const tool of ['slurmctld', 'slurmd', 'munged', 'sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo']) {
    if (!which(tool)) return { skip: `Slurm is not installed here (${tool} not on PATH; apt-get install slurm-wlm munge)` };
  }
  if (process.getuid?.() !== 0) return { skip: 'starting a Slurm cluster needs root (slurmd runs jobs as their user)' };
  if (!mungeWorks()) {
    mkdirSync('/run/munge', { recursive: true });
    spawnSync('chown', ['munge:munge', '/run/munge']);
    if (!existsSync('/etc/munge/munge.key')) spawnSync('mungekey', ['-c']);
    spawnSync('su', ['-s', '/bin/sh', 'munge', '-c', 'munged']);
    for (let i = 0; i < 50 && !mungeWorks(); i++) sleep(100);
    if (!mungeWorks()) return { skip: 'munged did not start (munge -n | unmunge fails)' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'slurm-'));
  for (const d of ['state', 'spool', 'log']) mkdirSync(join(dir, d));
  const host = hostname().split('.')[0];
  const mem = Math.floor((totalmem() / 2 ** 20) * 0.8);
  const conf = join(dir, 'slurm.conf');
  const port = 20000 + 2 * (process.pid % 10000);
  writeFileSync(
    conf,
    [
      'ClusterName=lab-test',
      `SlurmctldHost=${host}`,
      'AuthType=auth/munge',
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      // Ports of this test process: a cluster left by another run (or a developer's own) does not collide.
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'ReturnToService=2',
      'KillWait=10',
      'MinJobAge=600',
      'SchedulerType=sched/backfill',
      `NodeName=${host} CPUs=${availableParallelism()} RealMemory=${mem} State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  execFileSync('slurmctld', ['-f', conf], { env });
  execFileSync('slurmd', ['-f', conf], { env });
  const stop = () => {
    // No job outlives the test: cancel them all (this cluster is the test's own) and let their tasks end.
    spawnSync('scancel', ['--user', 'root'], { env });
    for (let i = 0; i < 50 && spawnSync('squeue', ['-h'], { env, encoding: 'utf8' }).stdout.trim() !== ''; i++) sleep(200);
    for (const pidFile of ['slurmd.pid', 'slurmctld.pid']) {
      try {
        process.kill(Number(readFileSync(join(dir, pidFile), 'utf8').trim()), 'SIGTERM');
      } catch {
        // not running
      }
    }
    sleep(500);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' });
    if (r.status === 0 && /^(idle|mix|alloc)/m.test(r.stdout)) return { conf, env, stop };
    sleep(200);
  }
  const log = (f: string) => (existsSync(join(dir, 'log', f)) ? readFileSync(join(dir, 'log', f), 'utf8').split('\n').slice(-5).join(' | ') : '');
  stop();
  return { skip: `the Slurm node did not come up (slurmctld: ${log('slurmctld.log')}; slurmd: ${log('slurmd.log')})` };
}
