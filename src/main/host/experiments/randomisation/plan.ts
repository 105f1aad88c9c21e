/**
 * The randomisation analysis' steps for a run and config: step 0 (the trained model, loaded afresh), then
 * cascading step k (the top k weighted layers re-initialised, logits first) and independent step k (only
 * the k-th layer from the top). Each step is one worker call, so a kill resumes between steps. Independent
 * step 1 re-initialises exactly what cascading step 1 does (the logits layer alone, with the same seeds),
 * so when both modes run it is that one step, computed once.
 */
import { GALLERY_IMAGES, type RandomisationConfig, type RandomisationMode, SHUFFLED_LABELS_LAYER, TRAINED_LAYER } from '../../../../shared/experiments/randomisation.ts';
import type { AnalysisStep } from '../analysis-definition.ts';
import { checkpointWeightedLayers } from './checkpoint-layers.ts';

export interface PlannedStep extends AnalysisStep {
  /** Layers re-initialised, by name (empty: the trained model). */
  randomise: string[];
  /** Gallery images whose maps the step keeps (step 0 and the cascading steps). */
  gallery: number;
  /** Data randomisation: compare with the recipe retrained on shuffled labels instead of re-initialising. */
  shuffledLabels?: true;
}

/** The data-randomisation step's key (its child run's key too). */
export const LABELS_STEP_KEY = 'labels';

export interface RandomisationPlan {
  /** Weighted layers from the top: the logits layer first. */
  topDown: string[];
  steps: PlannedStep[];
  /** The key of the step that holds `mode`'s step k (k = 0: the trained model). */
  keyOf(mode: RandomisationMode, k: number): string;
  /** A mode's last step: every weighted layer, or 1 for data randomisation. */
  lastStep(mode: RandomisationMode): number;
  /** The row's `layer` of a mode's step k. */
  layerOf(mode: RandomisationMode, k: number): string;
}

export const TRAINED_STEP_KEY = 'trained';

export async function randomisationPlan(runDir: string, config: Pick<RandomisationConfig, 'modes'>): Promise<RandomisationPlan> {
  const topDown = (await checkpointWeightedLayers(runDir)).reverse();
  const count = topDown.length;
  const cascading = config.modes.includes('cascading');
  const keyOf = (mode: RandomisationMode, k: number): string => {
    if (k === 0) return TRAINED_STEP_KEY;
    if (mode === 'labels') return LABELS_STEP_KEY;
    // The same weights as cascading step 1: one step serves both.
    if (mode === 'independent' && k === 1 && cascading) return keyOf('cascading', 1);
    return `${mode}-${k}-${topDown[k - 1]}`;
  };
  const steps: PlannedStep[] = [{ key: TRAINED_STEP_KEY, label: 'step 0: the trained model', randomise: [], gallery: GALLERY_IMAGES }];
  if (cascading) {
    for (let k = 1; k <= count; k++) {
      const randomise = topDown.slice(0, k);
      steps.push({ key: keyOf('cascading', k), label: `cascading ${k}/${count}: ${randomise.join(', ')} re-initialised`, randomise, gallery: GALLERY_IMAGES });
    }
  }
  if (config.modes.includes('independent')) {
    for (let k = 1; k <= count; k++) {
      const key = keyOf('independent', k);
      if (steps.some((s) => s.key === key)) continue;
      steps.push({ key, label: `independent ${k}/${count}: only ${topDown[k - 1]} re-initialised`, randomise: [topDown[k - 1]], gallery: 0 });
    }
  }
  if (config.modes.includes('labels')) {
    steps.push({ key: LABELS_STEP_KEY, label: 'data randomisation: the recipe retrained on shuffled labels', randomise: [], gallery: 0, shuffledLabels: true });
  }
  const lastStep = (mode: RandomisationMode) => (mode === 'labels' ? 1 : count);
  const layerOf = (mode: RandomisationMode, k: number) => (k === 0 ? TRAINED_LAYER : mode === 'labels' ? SHUFFLED_LABELS_LAYER : topDown[k - 1]);
  return { topDown, steps, keyOf, lastStep, layerOf };
}
