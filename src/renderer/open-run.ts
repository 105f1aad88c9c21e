/**
 * Runs of every kind in one list, each opened in the views that can show it: a VAE concept run
 * (experiment 2) in the VAE views, a classifier run in Saliency (done) or Training (not yet), any other
 * kind (a pretrained model's run) as its report, so no black-box view is handed a run it cannot read.
 */
import type { RunManifest } from '../shared/run.ts';
import { useAppStore } from './stores/app.ts';
import { useRunsStore } from './stores/runs.ts';
import { useSaliencyStore } from './experiments/blackbox/saliency-store.ts';
import { useTrainingStore } from './experiments/blackbox/training-store.ts';
import { useVaeStore } from './experiments/vae-concept/store.ts';
import { isModelRun, useResnet50Store } from './experiments/resnet50/store.ts';
import { useAnalysesStore } from './stores/analyses.ts';

export { isClassifierRun, isTrainedClassifierRun, isVaeRun } from './run-kinds.ts';
import { type RunLike, isClassifierRun, isVaeRun } from './run-kinds.ts';

/** The kind in a word or two, for run lists. */
export function runKindLabel(r: RunLike): string {
  if (isVaeRun(r)) return 'VAE concept';
  if (isClassifierRun(r)) return 'black box';
  return r.experiment ?? String(r.config.model);
}

export async function openRun(run: Pick<RunManifest, 'id' | 'status'> & RunLike, tab?: 'training' | 'concept' | 'maps'): Promise<void> {
  const app = useAppStore();
  if (isVaeRun(run)) {
    const vae = useVaeStore();
    await vae.open(run.id);
    vae.tab = tab ?? (run.status === 'completed' ? 'concept' : 'training');
    app.view = 'vae';
  } else if (isModelRun(run)) {
    // Experiment 3 (a pretrained model's maps): the ResNet50 view, live while it computes.
    await useResnet50Store().open(run.id);
    app.view = 'resnet50';
  } else if (!isClassifierRun(run)) {
    // Kinds without views of their own yet (a pretrained ResNet50 run): their report shows everything.
    const url = await useRunsStore().report(run.id);
    if (url !== null) window.open(url, '_blank', 'noopener');
  } else if (run.status === 'completed') {
    await useSaliencyStore().open(run.id);
    app.view = 'saliency';
  } else {
    await useTrainingStore().watchRun(run.id);
    app.view = 'training';
  }
}

/** A trained black-box run's analyses (the Analyses view, on that run). */
export async function openAnalyses(runId: string): Promise<void> {
  await useAnalysesStore().open(runId);
  useAppStore().view = 'analyses';
}
