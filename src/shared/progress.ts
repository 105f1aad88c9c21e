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

/**
 * What a job's count is of, and where inside it the job is (issue 21): the job bar reads
 * "epoch 3 / 8 · 902 / 4120 batches" or "rectgrad · 902 / 4120 maps" rather than a bare percentage.
 */
export interface ProgressUnits {
  /** What `done` and `total` count, plural ("maps", "batches", "images"); absent when it is not a count a person reads. */
  unit?: string;
  /** Where inside the stage: "epoch 3 / 8", the method being explained. */
  detail?: string;
}

/** A whole run's progress over every stage (experiments whose stages have expected durations). */
export interface RunProgress {
  /** 0 … 1 of the run's expected time. */
  fraction: number;
  /** Seconds left for the whole run (every stage still to come), or null while it is too early to tell. */
  etaSeconds: number | null;
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** Expected seconds of a run done once stage `stageIndex` is `fraction` of the way: the stages before it, and that share of it. */
export function expectedDone(expected: readonly number[], stageIndex: number, fraction: number): number {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  return sum(expected.slice(0, stageIndex)) + (expected[stageIndex] ?? 0) * f;
}

/**
 * Seconds left for a whole run of several stages (dataset, training, maps, report…), from each stage's
 * expected duration (ExperimentDefinition.expectedStageSeconds) and the pace so far. Progress is counted
 * in expected seconds, so the pace is "seconds taken per second expected": the stage under way takes
 * its own ETA when it has one (training's, or its pace), and every stage still to come its expected time
 * at the run's pace. A machine twice as fast as the one the durations were measured on gets half the
 * ETA. The guards of etaFromPace apply to the run as a whole, so an early ETA is null, not wild.
 *
 * `startedAt` is the expected seconds already done when this job began (a resumed run skips stages it
 * finished earlier: their time was not spent now and does not set the pace).
 */
export function wholeRunEta(p: {
  expected: readonly number[];
  stageIndex: number;
  stageDone: number;
  stageTotal: number;
  /** The stage's own ETA (its pace, or training's), or null while it has none. */
  stageEta: number | null;
  /** Seconds since this job began. */
  elapsedSeconds: number;
  startedAt?: number;
}): RunProgress {
  const total = sum(p.expected);
  const fraction = p.stageTotal > 0 ? Math.min(1, Math.max(0, p.stageDone / p.stageTotal)) : 0;
  const done = expectedDone(p.expected, p.stageIndex, fraction);
  const base = Math.min(p.startedAt ?? 0, done);
  const runFraction = total > 0 ? done / total : 0;
  const pace = etaFromPace(p.elapsedSeconds, done - base, total - base);
  if (pace === null) return { fraction: runFraction, etaSeconds: null };
  if (done >= total) return { fraction: 1, etaSeconds: 0 };
  const secondsPerExpected = p.elapsedSeconds / (done - base);
  const current = p.stageEta ?? secondsPerExpected * (p.expected[p.stageIndex] ?? 0) * (1 - fraction);
  const later = sum(p.expected.slice(p.stageIndex + 1));
  return { fraction: runFraction, etaSeconds: current + secondsPerExpected * later };
}

/** A training batch event's units: "epoch 3 / 8", counted in batches of the whole training. */
export function trainingUnits(epoch: number, epochs: number): ProgressUnits {
  return { unit: 'batches', detail: `epoch ${epoch} / ${epochs}` };
}

/** A maps event's units, its stage naming the method (`maps: rectgrad`, `concept maps: gradient`): counted in maps. */
export function mapsUnits(stage: string): ProgressUnits {
  const method = /:\s*(.+)$/.exec(stage)?.[1];
  return { unit: 'maps', ...(method === undefined ? {} : { detail: method }) };
}

/** A dataset build's units: images once it builds them (`building images`); before that (reading an archive, downloading) the step's own words. */
export function datasetUnits(stage: string): ProgressUnits {
  return stage === 'building images' ? { unit: 'images' } : { detail: stage };
}
