/**
 * The control arm's figures: per metric a group of bars per input encoding (arm) with a bar per method,
 * n in the title and each bar's tooltip, and the arms and methods in the order the table uses.
 */
import { CONTROL_ARMS, type ControlArmRow } from '../../../shared/experiments/control-arm.ts';
import type { GroupedBarsSpec } from '../../../shared/chart-options/grouped-bars.ts';
import { methodsPairFirst, metricAxis, metricLabel, nText } from '../analysis-metrics.ts';

export function armsOf(rows: readonly ControlArmRow[]): string[] {
  return CONTROL_ARMS.filter((a) => rows.some((r) => r.arm === a));
}

export function controlArmSpec(rows: readonly ControlArmRow[], metric: string): GroupedBarsSpec {
  const of = rows.filter((r) => r.metric === metric);
  const arms = armsOf(rows);
  const axis = metricAxis(metric);
  return {
    title: `${metricLabel(metric)} · ${nText(of.map((r) => r.n))}`,
    xName: 'input encoding (arm)',
    yName: axis.name,
    yMin: axis.yMin,
    yMax: axis.yMax,
    categories: arms,
    series: methodsPairFirst(rows).map((method) => ({
      name: method,
      values: arms.map((arm) => {
        const r = of.find((x) => x.arm === arm && x.method === method);
        return r === undefined ? null : { y: r.median, n: r.n };
      }),
    })),
  };
}
