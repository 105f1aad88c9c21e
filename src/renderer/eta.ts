/**
 * An ETA from a job's overall progress rate. The host extrapolates within the current stage, and the
 * maps job starts a new stage per method with a cumulative count, so its ETA reads "0 s" half-way; here
 * the rate is taken since the first sample of the same `total`, across stages.
 */
export interface EtaWindow {
  t0: number;
  done0: number;
  total: number;
}

export function nextWindow(prev: EtaWindow | undefined, done: number, total: number, now: number): EtaWindow {
  return prev !== undefined && prev.total === total && done >= prev.done0 ? prev : { t0: now, done0: done, total };
}

/** Seconds left, or null when there is not yet enough to say (the caller then shows the host's). */
export function overallEta(w: EtaWindow, done: number, now: number): number | null {
  const seconds = (now - w.t0) / 1000;
  const progressed = done - w.done0;
  if (progressed <= 0 || seconds < 0.5) return null;
  return (seconds / progressed) * Math.max(0, w.total - done);
}
