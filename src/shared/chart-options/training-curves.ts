/**
 * Where training events sit on the epoch axis, and which of them a resumed history keeps. The curves
 * themselves (live chart, compare view, report) are drawn by run-curves.ts.
 */
import type { TrainEvent } from '../run.ts';

/** Position of an event in epochs: batches at fractional epochs, epoch ends at integers. */
export function eventEpoch(e: TrainEvent): number {
  return e.type === 'batch' ? +(e.epoch - 1 + e.batch / e.batches).toFixed(4) : e.epoch;
}

/**
 * The events a finished history consists of. A resume restarts from the last checkpoint, so events
 * logged after it by the cancelled attempt (a partial epoch) are superseded by the resumed ones; without
 * this the curve doubles back. Returns the kept events and the epochs where a resume restarted.
 */
export function effectiveEvents(events: readonly TrainEvent[]): { events: TrainEvent[]; resumedAt: number[] } {
  const kept: TrainEvent[] = [];
  const resumedAt: number[] = [];
  let last = -Infinity;
  for (const e of events) {
    const at = eventEpoch(e);
    // An epoch-end event shares its position with the epoch's last batch; only a step back is a restart.
    if (at < last || (at === last && kept.length > 0 && kept[kept.length - 1].type === e.type)) {
      const restart = e.type === 'batch' ? e.epoch - 1 : e.epoch - 1;
      while (kept.length > 0 && eventEpoch(kept[kept.length - 1]) > restart) kept.pop();
      resumedAt.push(restart);
    }
    kept.push(e);
    last = at;
  }
  return { events: kept, resumedAt };
}
