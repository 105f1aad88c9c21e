/**
 * What the job bar and a view's inline progress say about a running job (issue 21): the count with its
 * units ("rectgrad · 902 / 4,120 maps", "epoch 3 / 8 · 1,200 / 4,120 batches"), where the bar stands,
 * and the ETA of the whole run where the kind knows each stage's expected share (every stage still to
 * come), else the stage's, named as such.
 */
import type { JobInfo } from '../shared/lab-api.ts';

type Progress = NonNullable<JobInfo['progress']>;

const count = (n: number) => n.toLocaleString('en');

/** "training (2/4) · epoch 3 / 8 · 1,200 / 4,120 batches"; a count with no unit reads "done / total". */
export function progressText(p: Progress | null): string {
  if (p === null) return 'starting…';
  const detail = p.detail !== undefined && p.detail !== '' && !p.stage.includes(p.detail) ? p.detail : null;
  // A stage marker (0 of 1, a stage just begun) is not a count to read.
  const counted = p.unit !== undefined || p.total > 1 ? `${count(p.done)} / ${count(p.total)}${p.unit ? ` ${p.unit}` : ''}` : null;
  return [p.stage, detail, counted].filter((x): x is string => x !== null && x !== '').join(' · ');
}

/** 0 … 1: the whole run's share done where known, else the stage's. */
export function progressFraction(p: Progress | null): number {
  if (p === null) return 0;
  if (p.run !== undefined) return Math.min(1, Math.max(0, p.run.fraction));
  return p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
}

/** The ETA to show: the whole run's (null while too early to tell), else the stage's as the caller has it. */
export function jobEta(p: Progress | null, stageEta: number | null): { seconds: number | null; scope: 'run' | 'stage' } {
  if (p?.run !== undefined) return { seconds: p.run.etaSeconds, scope: 'run' };
  return { seconds: stageEta, scope: 'stage' };
}
