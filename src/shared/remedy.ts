/**
 * What to do about an error or a missing measurement, in each front door's own words (issue 21: no CLI
 * command as advice inside the app). The host knows both ways and says both, in `details.remedy` of an
 * error; the CLI shows the command, the app the place on screen. The message itself names neither.
 */
import type { SerializedError } from './result.ts';

export interface Remedy {
  /** The command line that does it, e.g. `saliency-lab train --resume RUN`. */
  command: string;
  /** The same thing in the app, e.g. "Resume it in the Training view". */
  inApp: string;
}

export type FrontDoor = 'cli' | 'app';

/** Error details carrying a remedy (merged into any other details). */
export function withRemedy(remedy: Remedy, details?: Record<string, unknown>): Record<string, unknown> {
  return { ...details, remedy };
}

/** The remedy an error carries, if its details hold a well-formed one. */
export function remedyOf(error: SerializedError): Remedy | undefined {
  const r = error.details?.remedy as Partial<Remedy> | undefined;
  return typeof r === 'object' && r !== null && typeof r.command === 'string' && typeof r.inApp === 'string' ? { command: r.command, inApp: r.inApp } : undefined;
}

/** The remedy as a door shows it after a message: the command in parentheses, or the app's words. */
export function remedyText(remedy: Remedy, door: FrontDoor): string {
  return door === 'cli' ? ` (${remedy.command})` : `; ${remedy.inApp}`;
}

/** The error's message with its remedy, as `door` shows it. */
export function messageWithRemedy(error: SerializedError, door: FrontDoor): string {
  const remedy = remedyOf(error);
  return remedy === undefined ? error.message : error.message + remedyText(remedy, door);
}

/**
 * The error as `door` shows it: the remedy joined to the message and taken out of the details, so that
 * showing it again does not repeat it.
 */
export function inDoor(error: SerializedError, door: FrontDoor): SerializedError {
  if (remedyOf(error) === undefined) return error;
  const { remedy: _remedy, ...rest } = error.details ?? {};
  const message = messageWithRemedy(error, door);
  return Object.keys(rest).length === 0 ? { kind: error.kind, message } : { kind: error.kind, message, details: rest };
}

/** Resuming a stopped run: the same words for every kind that trains. */
export const resumeRemedy = (runId: string): Remedy => ({
  command: `saliency-lab train --resume ${runId}`,
  inApp: 'select the run in the Training view and press Resume',
});
