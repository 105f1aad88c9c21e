/** App-wide state: host info, the current view, errors shown as readable messages. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '../../shared/lab-api.ts';
import type { Result, SerializedError } from '../../shared/result.ts';
import { onCallSettled, useClient } from '../api/client.ts';
import { addMessage, callKey, clearKey, CONNECTION_KEY, isConnectionError, type BannerMessage } from '../banner.ts';
import { DEFAULT_VIEW, type ViewName } from '../tab-hash.ts';

export type { ViewName };

/** Which call a failed Result came from (set by the client wrapper in api/client.ts). */
const callOf = new WeakMap<object, string>();
// A failed call's error remembers its call (or the lost connection); a call that succeeds clears the
// banner's message about it, and any success means the connection is back.
onCallSettled((call, r) => {
  if (!r.ok) {
    callOf.set(r.error, isConnectionError(r.error.message) ? CONNECTION_KEY : callKey(call));
    return;
  }
  try {
    const app = useAppStore();
    app.clear(callKey(call));
    app.clear(CONNECTION_KEY);
  } catch {
    // no store yet: nothing shown to clear
  }
});

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const view = ref<ViewName>(DEFAULT_VIEW);
  /** The global banner: errors with no place on screen (see banner.ts for its rules). */
  const errors = ref<BannerMessage[]>([]);
  let nextError = 1;

  /** Shows an error in the banner; `key` says what it is about (a later success of it clears it). */
  function report(error: SerializedError | string, key?: string): void {
    const message = typeof error === 'string' ? error : error.message;
    const k = key ?? (typeof error === 'string' ? `message:${message}` : (callOf.get(error) ?? `message:${message}`));
    errors.value = addMessage(errors.value, { id: nextError++, message, key: k });
  }

  /** The thing `key` names succeeded: its banner message goes. */
  function clear(key: string): void {
    const next = clearKey(errors.value, key);
    if (next.length !== errors.value.length) errors.value = next;
  }

  /** The id the next message gets: an action takes the messages reported after it (see use-action.ts). */
  function mark(): number {
    return nextError;
  }

  /** Removes and returns the call errors reported since `since`: the action that made the call shows them itself. */
  function claim(since: number): BannerMessage[] {
    const mine = errors.value.filter((e) => e.id >= since && e.key.startsWith('call:'));
    if (mine.length > 0) errors.value = errors.value.filter((e) => !mine.includes(e));
    return mine;
  }

  function dismiss(id: number): void {
    errors.value = errors.value.filter((e) => e.id !== id);
  }

  /** Unwraps a Result; a failure becomes a visible message and `null`. */
  function take<T>(r: Result<T>): T | null {
    if (r.ok) return r.value;
    report(r.error);
    return null;
  }

  async function load(): Promise<void> {
    info.value = take(await useClient().getInfo({}));
  }

  async function openWorkspace(path: string): Promise<boolean> {
    const next = take(await useClient().openWorkspace({ path }));
    if (next !== null) info.value = { ...next, backend: info.value?.backend ?? null };
    return next !== null;
  }

  return { info, view, errors, report, clear, mark, claim, dismiss, take, load, openWorkspace };
});
