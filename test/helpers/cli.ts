/** Runs the real `saliency-lab` command in a child process, as a user or a script would. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/saliency-lab.mjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Killed by the harness after timeoutMs. */
  timedOut: boolean;
  /** The host's SBL_TRACE lines (worker spawn, init, calls, terminate), for failure messages. */
  trace: string;
}

let traceCount = 0;
const traceDir = mkdtempSync(join(tmpdir(), 'sbl-cli-trace-'));

export function runCli(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const traceFile = join(traceDir, `run-${++traceCount}.log`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, SBL_TRACE: traceFile, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '(no trace written)';
      resolve({ code: code ?? -1, stdout, stderr, timedOut, trace });
    });
  });
}

/** What to print when a CLI run did not do what a test expected. */
export function describeRun(r: CliRun): string {
  return `exit ${r.code}${r.timedOut ? ' (killed by the test after its timeout)' : ''}\nstderr:\n${r.stderr}\ntrace:\n${r.trace}`;
}

/**
 * Runs the command and kill -9s it as soon as `killWhen` returns a value (polled every 20 ms; a throw is
 * a file being replaced, read again on the next tick). Resolves with that value (undefined when the
 * command ended first) and what it wrote to stderr.
 */
export function runCliKilledWhen<T>(args: string[], killWhen: () => T | undefined): Promise<{ killedWith: T | undefined; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killedWith: T | undefined;
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setInterval(() => {
      try {
        killedWith = killWhen();
      } catch {
        return;
      }
      if (killedWith !== undefined) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 20);
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(timer);
      resolve({ killedWith, stderr });
    });
  });
}
