/** App-wide state: host info, the current view, errors shown as readable messages. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '../../shared/lab-api.ts';
import type { Result, SerializedError } from '../../shared/result.ts';
import { useClient } from '../api/client.ts';

export type ViewName = 'experiments' | 'datasets' | 'training' | 'saliency' | 'vae' | 'resnet50' | 'sweep' | 'models' | 'analyses' | 'batches' | 'runs';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const view = ref<ViewName>('datasets');
  const errors = ref<Array<{ id: number; message: string }>>([]);
  let nextError = 1;

  function report(error: SerializedError | string): void {
    const message = typeof error === 'string' ? error : error.message;
    errors.value = [...errors.value.slice(-3), { id: nextError++, message }];
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

  return { info, view, errors, report, dismiss, take, load, openWorkspace };
});
