/** How far a worker job (or a host stage) has got: `done` of `total` in the named stage. */
export interface ProgressEvent {
  type: 'progress';
  done: number;
  total: number;
  stage: string;
}

/** Below these, a rate says more about start-up (compiling kernels, reading files) than about the pace. */
const ETA_MIN_SECONDS = 3;
const ETA_MIN_FRACTION = 0.03;

/**
 * Seconds left at the pace so far, or null while it is too early to tell: an 8-s stage showed "1h35m"
 * from its first item (issue 21). Past 30 s any progress is taken as the pace.
 */
export function etaFromPace(elapsedSeconds: number, done: number, total: number): number | null {
  if (done >= total) return 0;
  if (done <= 0 || elapsedSeconds < ETA_MIN_SECONDS) return null;
  if (done / total < ETA_MIN_FRACTION && elapsedSeconds < 30) return null;
  return (elapsedSeconds * (total - done)) / done;
}
