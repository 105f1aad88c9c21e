/**
 * The one pattern for a button that calls the host: it is busy (disabled, a spinner and a busy label)
 * from the click until the call returns, and a failure of that call shows next to the button, not in
 * the global banner. For buttons on rows (Report, PDF per run) the arguments say which one is busy.
 *
 *   const report = useAction((id: string, pdf: boolean) => runs.report(id, pdf));
 *   <button :disabled="report.busy" :class="{ busy: report.isBusy(r.id, false) }" @click="report.run(r.id, false)">…
 */
import { reactive, ref } from 'vue';
import { useAppStore } from './stores/app.ts';

export interface Action<A extends unknown[], T> {
  /** Some call of this action is in flight. */
  busy: boolean;
  /** The last failure, one line (null after a success). */
  error: string | null;
  /** The arguments (as JSON) the last failure was for. */
  errorFor: string | null;
  /** This call (these arguments) is in flight. */
  isBusy: (...args: A) => boolean;
  /** The error of this call (these arguments), if its last try failed. */
  errorOf: (...args: A) => string | null;
  /** Runs the action unless it is already running; resolves to its value, or null on failure. */
  run: (...args: A) => Promise<T | null>;
}

export function useAction<A extends unknown[], T>(fn: (...args: A) => Promise<T>): Action<A, T> {
  const app = useAppStore();
  const busyArgs = ref<string | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const errorFor = ref<string | null>(null);
  const keyOf = (args: A) => JSON.stringify(args);

  async function run(...args: A): Promise<T | null> {
    if (busy.value) return null;
    busy.value = true;
    busyArgs.value = keyOf(args);
    error.value = null;
    errorFor.value = null;
    const since = app.mark();
    let value: T | null = null;
    let thrown: string | null = null;
    try {
      value = await fn(...args);
    } catch (e) {
      thrown = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
      busyArgs.value = null;
    }
    // The call's own failures move from the banner to the button.
    const claimed = app.claim(since).map((m) => m.message);
    if (thrown !== null) claimed.push(thrown);
    if (claimed.length > 0) {
      error.value = claimed.join(' · ');
      errorFor.value = keyOf(args);
    }
    return value;
  }

  // reactive: the template reads `action.busy`, not `action.busy.value`.
  return reactive({
    busy,
    error,
    errorFor,
    isBusy: (...args: A) => busyArgs.value === keyOf(args),
    errorOf: (...args: A) => (errorFor.value === keyOf(args) ? error.value : null),
    run,
  }) as Action<A, T>;
}
