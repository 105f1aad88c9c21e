/**
 * The control maps' figures: per metric a bar per map, the controls (random, constant, edges, input,
 * occlusion) in one colour and the run's own methods (as the analysis recorded them) in another, each
 * with its n, chance marked where it is one number (AUROC 0.5, enrichment 1×).
 */
import type { AnalysisFile, MetricMedian } from '../../../shared/experiments/analysis-common.ts';
import { CONTROL_METHODS, type ControlsDetail, type ControlsRow } from '../../../shared/experiments/controls.ts';
import type { LabelledBarsSpec } from '../../../shared/chart-options/labelled-bars.ts';
import { metricAxis, metricLabel } from '../analysis-metrics.ts';

export const CONTROLS_GROUP = 'control maps';
export const RUN_GROUP = "the run's own maps";

const CHANCE: Partial<Record<string, { value: number; label: string }>> = {
  auroc: { value: 0.5, label: 'chance' },
  enrichment: { value: 1, label: 'uniform' },
};

/** Every map the panel shows, controls first: its label, group and medians. */
export function controlMaps(file: AnalysisFile<ControlsRow, ControlsDetail>): Array<{ label: string; group: string; medians: MetricMedian[] }> {
  const controls = CONTROL_METHODS.filter((m) => file.rows.some((r) => r.method === m)).map((m) => ({ label: m, group: CONTROLS_GROUP, medians: file.rows.filter((r) => r.method === m) }));
  const own = (file.detail?.runMethods ?? []).map((m) => ({ label: m.method, group: RUN_GROUP, medians: m.medians }));
  return [...controls, ...own];
}

export function controlsBarsSpec(file: AnalysisFile<ControlsRow, ControlsDetail>, metric: string): LabelledBarsSpec {
  const maps = controlMaps(file);
  const axis = metricAxis(metric);
  return {
    title: metricLabel(metric),
    valueName: axis.name,
    min: axis.yMin,
    max: axis.yMax,
    mark: CHANCE[metric],
    groups: [CONTROLS_GROUP, ...(maps.some((m) => m.group === RUN_GROUP) ? [RUN_GROUP] : [])],
    bars: maps.map((m) => {
      const v = m.medians.find((x) => x.metric === metric);
      return { label: m.label, group: m.group, value: v?.median ?? null, n: v?.n ?? 0 };
    }),
  };
}
