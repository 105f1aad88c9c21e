/** Light and dark theme following the OS (prefers-color-scheme), as a reactive flag for charts. */
import { ref, type Ref } from 'vue';

const query = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const dark = ref(query?.matches ?? false);
query?.addEventListener('change', (e) => (dark.value = e.matches));

export function useDark(): Ref<boolean> {
  return dark;
}
