/**
 * The randomisation sanity checks' figures: per mode and similarity measure a curve per method over the
 * steps, the re-initialised layers' names on x (step 0 the trained model), n in the title and per point;
 * the measures' names as the report words them.
 */
import { RANDOMISATION_MODES, type RandomisationMode, type RandomisationRow, type SimilarityMeasure, type TopKSize } from '../../../shared/experiments/randomisation.ts';
import type { MethodCurvesSpec } from '../../../shared/chart-options/method-curves.ts';
import { methodsPairFirst, nText } from '../analysis-metrics.ts';

export function measureLabel(measure: SimilarityMeasure, topK: TopKSize): string {
  switch (measure) {
    case 'spearman':
      return 'Spearman ρ of |S|';
    case 'ssim':
      return 'SSIM of |S| / max |S|';
    case 'topK':
      return `top-k overlap, k = ${topK === 'box' ? 'box area' : `${topK} % of pixels`}`;
  }
}

const X_NAME: Record<RandomisationMode, string> = {
  cascading: 're-initialised from the logits down to',
  independent: 'the one layer re-initialised',
  labels: 'data randomisation: the recipe on shuffled labels',
};

export function modesOf(rows: readonly RandomisationRow[]): RandomisationMode[] {
  return RANDOMISATION_MODES.filter((m) => rows.some((r) => r.mode === m));
}

/** The x labels: 'trained' at step 0, then each step's layer (from the rows, else the detail's list). */
export function stepLabels(rows: readonly RandomisationRow[], mode: RandomisationMode, layers: readonly string[]): string[] {
  // Data randomisation has one step (the model trained on shuffled labels), not one per layer.
  const steps = mode === 'labels' ? 1 : Math.max(layers.length, ...rows.filter((r) => r.mode === mode).map((r) => r.step));
  return Array.from({ length: steps + 1 }, (_, k) => (k === 0 ? 'trained' : rows.find((r) => r.mode === mode && r.step === k)?.layer ?? layers[k - 1] ?? `step ${k}`));
}

export function randomisationSpec(rows: readonly RandomisationRow[], mode: RandomisationMode, measure: SimilarityMeasure, layers: readonly string[], topK: TopKSize): MethodCurvesSpec {
  const of = rows.filter((r) => r.mode === mode);
  return {
    title: `${mode}: ${measureLabel(measure, topK)} · ${nText(of.map((r) => r.n))}`,
    xName: X_NAME[mode],
    yName: 'median similarity (1 = same)',
    xLabels: stepLabels(rows, mode, layers),
    yMin: measure === 'topK' ? 0 : undefined,
    yMax: 1,
    curves: methodsPairFirst(of).map((method) => ({
      method,
      points: of
        .filter((r) => r.method === method)
        .sort((a, b) => a.step - b.step)
        .map((r) => ({ x: r.step, y: r[measure], n: r.n })),
    })),
  };
}
