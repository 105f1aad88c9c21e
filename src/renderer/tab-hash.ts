/**
 * The tabs of the window in one list: the header's order, the Ctrl+1…9 keys (the same as the Electron
 * View menu, src/main/app/menu.ts) and the tab the app opens on are all read from here; the current
 * view lives in the URL hash (`#runs`, `#saliency/<runId>`) so a reload keeps it.
 */
export type ViewName = 'experiments' | 'datasets' | 'training' | 'saliency' | 'vae' | 'resnet50' | 'sweep' | 'models' | 'analyses' | 'batches' | 'runs';

/** Header order; key n is Ctrl+n. The first tab is the one the app opens on. */
export const TABS: ReadonlyArray<{ id: ViewName; label: string; key: string }> = [
  { id: 'datasets', label: 'Datasets', key: '1' },
  { id: 'training', label: 'Training', key: '2' },
  { id: 'saliency', label: 'Saliency', key: '3' },
  { id: 'runs', label: 'Runs', key: '4' },
  { id: 'experiments', label: 'Experiments', key: '5' },
  { id: 'vae', label: 'VAE concept', key: '6' },
  { id: 'resnet50', label: 'Zero point', key: '7' },
  { id: 'analyses', label: 'Analyses', key: '8' },
  { id: 'batches', label: 'Batches', key: '9' },
];
export const DEFAULT_VIEW: ViewName = TABS[0].id;

/** Views reached through another tab's sub-tabs (experiment 3: ResNet50 runs, the sweep, models). */
export const TAB_OF: Partial<Record<ViewName, ViewName>> = { sweep: 'resnet50', models: 'resnet50' };

const VIEWS: readonly ViewName[] = [...TABS.map((t) => t.id), 'sweep', 'models'];

/** `#view` or `#view/<runId>`. */
export function hashOf(view: ViewName, runId?: string | null): string {
  return runId ? `#${view}/${encodeURIComponent(runId)}` : `#${view}`;
}

/** The view (and run) a hash names; an unknown or empty hash gives the default view. */
export function parseHash(hash: string): { view: ViewName; runId: string | null } {
  const [head, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const view = VIEWS.find((v) => v === head);
  if (view === undefined) return { view: DEFAULT_VIEW, runId: null };
  let runId: string | null = null;
  if (rest.length > 0 && rest.join('/') !== '') {
    try {
      runId = decodeURIComponent(rest.join('/'));
    } catch {
      runId = null;
    }
  }
  return { view, runId };
}
