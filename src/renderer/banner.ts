/**
 * The global message banner's rules (pure, so they are unit-tested): the banner is only for errors
 * that have no place on screen (a lost connection, a failed background job, a call no button made).
 * A message has a key naming what it is about (`call:listRuns`, `job:training`, `connection`); a new
 * message with the same key replaces the old one instead of stacking, and a success of the same key
 * clears it. The banner shows one line and "n more" until expanded.
 */
export interface BannerMessage {
  id: number;
  message: string;
  /** What the message is about; a later success with this key clears it. */
  key: string;
}

/** The most messages kept; older ones drop off. */
export const BANNER_KEEP = 8;

/** Adds a message: one with the same key (or the same text) is replaced, and moves to the end. */
export function addMessage(list: readonly BannerMessage[], m: BannerMessage): BannerMessage[] {
  const rest = list.filter((e) => e.key !== m.key && e.message !== m.message);
  return [...rest, m].slice(-BANNER_KEEP);
}

/** Removes the messages about `key` (the thing they were about succeeded). */
export function clearKey(list: readonly BannerMessage[], key: string): BannerMessage[] {
  return list.some((e) => e.key === key) ? list.filter((e) => e.key !== key) : [...list];
}

/** What the banner shows: the newest message alone until expanded, and how many more there are. */
export function collapse(list: readonly BannerMessage[], expanded: boolean): { shown: BannerMessage[]; more: number } {
  if (expanded || list.length <= 1) return { shown: [...list].reverse(), more: 0 };
  return { shown: [list[list.length - 1]], more: list.length - 1 };
}

/** The key of a host call's outcome. */
export const callKey = (method: string): string => `call:${method}`;
/** The key of a job's outcome: a later job of the same kind that finishes clears it. */
export const jobKey = (kind: string): string => `job:${kind}`;
/** The key of the lost connection to the lab server: any call that succeeds clears it. */
export const CONNECTION_KEY = 'connection';
/** The ws client's words for a lost or unreachable server (api/ws-client.ts). */
export const isConnectionError = (message: string): boolean => /lost the connection to the lab server|cannot reach the lab server/.test(message);
