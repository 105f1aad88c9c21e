/**
 * The randomisation analysis' steps for a run and config: step 0 (the trained model, loaded afresh), then
 * cascading step k (the top k weighted layers re-initialised, logits first) and independent step k (only
 * the k-th layer from the top). Each step is one worker call, so a kill resumes between steps. Independent
 * step 1 re-initialises exactly what cascading step 1 does (the logits layer alone, with the same seeds),
 * so when both modes run it is that one step, computed once.
 */
import { GALLERY_IMAGES, type RandomisationConfig, type RandomisationMode } from '../../../../shared/experiments/randomisation.ts';
import type { AnalysisStep } from '../analysis-definition.ts';
import { checkpointWeightedLayers } from './checkpoint-layers.ts';

export interface PlannedStep extends AnalysisStep {
  /** Layers re-initialised, by name (empty: the trained model). */
  randomise: string[];
  /** Gallery images whose maps the step keeps (step 0 and the cascading steps). */
  gallery: number;
}

export interface RandomisationPlan {
  /** Weighted layers from the top: the logits layer first. */
  topDown: string[];
  steps: PlannedStep[];
  /** The key of the step that holds `mode`'s step k (k = 0: the trained model). */
  keyOf(mode: RandomisationMode, k: number): string;
}

export const TRAINED_STEP_KEY = 'trained';

export function randomisationPlan(runDir: string, config: Pick<RandomisationConfig, 'modes'>): RandomisationPlan {
  const topDown = checkpointWeightedLayers(runDir).reverse();
  const count = topDown.length;
  const cascading = config.modes.includes('cascading');
  const keyOf = (mode: RandomisationMode, k: number): string => {
    if (k === 0) return TRAINED_STEP_KEY;
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
  return { topDown, steps, keyOf };
}
