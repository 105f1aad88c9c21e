/**
 * The views that show one run, so the URL hash can name it (`#saliency/<runId>`) and a reload returns to
 * the same tab and the same run (issue 21; tab-hash.ts parses and writes the hash). Each such view has the
 * runs it can show (the same rules as open-run.ts) and its store's open run.
 */
import type { RunManifest } from '../shared/run.ts';
import type { ViewName } from './tab-hash.ts';
import { isClassifierRun, isTrainedClassifierRun, isVaeRun } from './open-run.ts';
import { isModelRun, useResnet50Store } from './experiments/resnet50/store.ts';
import { useSaliencyStore } from './experiments/blackbox/saliency-store.ts';
import { useTrainingStore } from './experiments/blackbox/training-store.ts';
import { useVaeStore } from './experiments/vae-concept/store.ts';
import { useSweepStore } from './experiments/sweep/store.ts';
import { useAnalysesStore } from './stores/analyses.ts';

type RunLike = Pick<RunManifest, 'id' | 'status' | 'config' | 'experiment' | 'checkpointEpoch'>;

interface RunView {
  /** The runs the view can show (another is not opened there from a hash). */
  fits(run: RunLike): boolean;
  /** The run the view shows now (its store's). */
  current(): string | null;
  /** Opens `id` in the view's store (it sets the run at once, then loads it). */
  open(id: string): Promise<void>;
}

const RUN_VIEWS: Partial<Record<ViewName, RunView>> = {
  saliency: { fits: (r) => isClassifierRun(r) && r.status === 'completed', current: () => useSaliencyStore().runId, open: (id) => useSaliencyStore().open(id) },
  training: { fits: isClassifierRun, current: () => useTrainingStore().runId, open: (id) => useTrainingStore().watchRun(id) },
  vae: { fits: isVaeRun, current: () => useVaeStore().runId, open: (id) => useVaeStore().open(id) },
  resnet50: { fits: isModelRun, current: () => useResnet50Store().runId, open: (id) => useResnet50Store().open(id) },
  sweep: { fits: isTrainedClassifierRun, current: () => useSweepStore().runId, open: (id) => useSweepStore().open(id) },
  analyses: { fits: isTrainedClassifierRun, current: () => useAnalysesStore().runId, open: (id) => useAnalysesStore().open(id) },
};

/** Whether `view` shows one run at a time (its hash then names it). */
export function showsRun(view: ViewName): boolean {
  return RUN_VIEWS[view] !== undefined;
}

/** The run `view` shows now, for the hash; null for a view of no one run. */
export function runOfView(view: ViewName): string | null {
  return RUN_VIEWS[view]?.current() ?? null;
}

/**
 * Where a hash's run goes: 'open' (a listed run the view can show), 'unknown' (no such run: deleted, or
 * another workspace's) or 'unfit' (a run of a kind the view does not show). The view then opens as it
 * would without a run in the hash.
 */
export function hashRunFate(view: ViewName, runId: string, runs: readonly RunLike[]): 'open' | 'unknown' | 'unfit' {
  const spec = RUN_VIEWS[view];
  const run = runs.find((r) => r.id === runId);
  if (run === undefined) return 'unknown';
  return spec !== undefined && spec.fits(run) ? 'open' : 'unfit';
}

/** Opens `runId` in `view`'s store unless it is open there already. */
export async function openInView(view: ViewName, runId: string): Promise<void> {
  const spec = RUN_VIEWS[view];
  if (spec !== undefined && spec.current() !== runId) await spec.open(runId);
}
