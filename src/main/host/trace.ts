/**
 * Lifecycle tracing for rare hangs: when SBL_TRACE names a file, the host appends one timestamped line
 * per worker event (spawn, init, call, terminate) and the worker's own trace lines. Off by default and
 * costs nothing then; tests turn it on so a failure in CI shows where a child process stopped.
 */
import { appendFileSync } from 'node:fs';

export function trace(message: string): void {
  const file = process.env.SBL_TRACE;
  if (file === undefined || file === '') return;
  try {
    appendFileSync(file, `${new Date().toISOString()} pid ${process.pid} ${message}\n`);
  } catch {
    // Tracing must never break the work it observes.
  }
}
