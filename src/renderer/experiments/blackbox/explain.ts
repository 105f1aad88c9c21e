/**
 * "Explain this" (issue 21): the methods the user ticks (kept while the app runs), and the maps of the
 * images explained so far, per run and image, so stepping back through the gallery shows them again.
 * The maps come from the host's `experimentView blackbox explain`: computed on demand, never stored.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { EXPLAIN_METHODS, type ExplainView } from '../../../shared/experiments/blackbox.ts';
import type { MethodId } from '../../../shared/saliency.ts';
import { readView } from '../../api/experiment-view.ts';
import { useSaliencyStore } from './saliency-store.ts';

/** Explanations kept (each a few maps of one image): the oldest goes first. */
const KEEP = 24;

export const useExplainStore = defineStore('explain', () => {
  const methods = ref<MethodId[]>([...EXPLAIN_METHODS]);
  const results = ref<Record<string, ExplainView>>({});
  const key = (runId: string, index: number) => `${runId}:${index}`;

  function resultOf(runId: string | null, index: number): ExplainView | null {
    return runId === null ? null : (results.value[key(runId, index)] ?? null);
  }

  /** Explains the image with the ticked methods and the Saliency view's options; throws the host's one-line error. */
  async function explain(runId: string, index: number): Promise<ExplainView> {
    const r = await readView('blackbox', 'explain', { runId, index, methods: [...methods.value], options: { ...useSaliencyStore().options } });
    if (!r.ok) throw new Error(r.error.message);
    const kept = Object.entries(results.value).filter(([k]) => k !== key(runId, index)).slice(-(KEEP - 1));
    results.value = Object.fromEntries([...kept, [key(runId, index), r.value]]);
    return r.value;
  }

  return { methods, results, resultOf, explain };
});
