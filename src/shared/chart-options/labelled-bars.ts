/**
 * ECharts option for one metric of several maps side by side (the control maps beside the run's own
 * methods): a horizontal bar per map, coloured by its group (a legend entry each), its n written in the
 * category label so it shows on the figure and not only on hover, an undefined value said in words rather
 * than drawn as 0, and an optional marked value (chance). Used by the app; the report can draw the same.
 */
import { AXIS_NAME_GAP, axisStyle, chartFrame, chartTheme, fmtNumber, tooltipStyle } from './chart-theme.ts';

export interface LabelledBar {
  label: string;
  /** Legend entry (and colour) the bar belongs to. */
  group: string;
  /** null where the metric is undefined for every image (an all-zero map has no box share). */
  value: number | null;
  n: number;
}

export interface LabelledBarsSpec {
  title: string;
  /** The value axis' name, with its unit. */
  valueName: string;
  bars: LabelledBar[];
  /** Groups in legend order (each bar's group must be among them). */
  groups: string[];
  min?: number;
  max?: number;
  /** A reference value drawn as a dashed line (e.g. chance: AUROC 0.5, enrichment 1). */
  mark?: { value: number; label: string };
}

export function labelledBarsOption(spec: LabelledBarsSpec, opts: { dark?: boolean; animation?: boolean } = {}): Record<string, unknown> {
  const t = chartTheme(opts.dark);
  const categories = spec.bars.map((b) => `${b.label}  n=${b.n}${b.value === null ? ' (undefined)' : ''}`);
  return {
    ...chartFrame(t, spec.title, opts),
    tooltip: {
      trigger: 'item',
      ...tooltipStyle(t),
      formatter: (p: { dataIndex: number }) => {
        const b = spec.bars[p.dataIndex];
        return b === undefined ? '' : `${b.label} (${b.group})<br/>${b.value === null ? 'undefined' : fmtNumber(b.value)} (n = ${b.n})`;
      },
    },
    legend: { bottom: 0, itemGap: 14, textStyle: { color: t.text }, data: spec.groups },
    grid: { left: 8, right: 36, top: 40, bottom: 52, containLabel: true },
    xAxis: { type: 'value', name: spec.valueName, nameLocation: 'middle', nameGap: AXIS_NAME_GAP.x, min: spec.min, max: spec.max, ...axisStyle(t) },
    yAxis: { type: 'category', data: categories, inverse: true, ...axisStyle(t), splitLine: { show: false } },
    // One series per group, null outside it, overlaid (barGap −100%): each bar sits on its own row and the
    // legend names the groups.
    series: spec.groups.map((group, i) => ({
      name: group,
      type: 'bar',
      barGap: '-100%',
      barMaxWidth: 16,
      itemStyle: { color: t.series[i % t.series.length] },
      // The value at each bar's end: a 0 (RectGrad's box share) is otherwise no bar at all.
      label: { show: true, position: 'right', color: t.muted, fontSize: 10, formatter: (p: { value: number | null }) => (p.value === null ? '' : fmtNumber(p.value, 2)) },
      data: spec.bars.map((b) => (b.group === group && b.value !== null ? b.value : null)),
      ...(i === 0 && spec.mark !== undefined
        ? // 'start' is the top here (the category axis is inverted): clear of the value axis' labels.
          { markLine: { symbol: 'none', silent: true, label: { formatter: spec.mark.label, position: 'start', color: t.muted }, lineStyle: { color: t.axis, type: 'dashed' }, data: [{ xAxis: spec.mark.value }] } }
        : {}),
    })),
  };
}
