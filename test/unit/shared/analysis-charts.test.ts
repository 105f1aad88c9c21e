/**
 * The analyses' shared chart builders: a legend that wraps gets room above it (five methods in a 420 px
 * chart put the axis name under the legend before), bars say their n on the figure and an undefined value
 * in words (never a 0 bar), grouped bars keep a null a gap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { legendRows } from '../../../src/shared/chart-options/legend-rows.ts';
import { methodCurvesOption } from '../../../src/shared/chart-options/method-curves.ts';
import { labelledBarsOption } from '../../../src/shared/chart-options/labelled-bars.ts';
import { groupedBarsOption } from '../../../src/shared/chart-options/grouped-bars.ts';

test('legend rows: two methods fit one line, the randomisation five take two, and the grid makes room', () => {
  assert.equal(legendRows(['rectgrad', 'nobias-rectgrad']), 1);
  const five = ['rectgrad', 'nobias-rectgrad', 'gradient', 'guided-backprop', 'gradient-x-input'];
  assert.equal(legendRows(five), 2);
  const bottom = (methods: string[]) => (methodCurvesOption({ title: 't', xName: 'x', yName: 'y', curves: methods.map((method) => ({ method, points: [] })) }) as { grid: { bottom: number } }).grid.bottom;
  assert.equal(bottom(five), bottom(['rectgrad']) + 22);
});

test('labelled bars: n in every category label, an undefined median said and not drawn, groups as legend', () => {
  const o = labelledBarsOption({
    title: 'box mass share',
    valueName: 'median',
    groups: ['control maps', "the run's own maps"],
    bars: [
      { label: 'random', group: 'control maps', value: 0.04, n: 20 },
      { label: 'input', group: 'control maps', value: null, n: 0 },
      { label: 'rectgrad', group: "the run's own maps", value: 0, n: 10 },
    ],
    mark: { value: 0.5, label: 'chance' },
  }) as { yAxis: { data: string[] }; legend: { data: string[] }; series: Array<{ data: Array<number | null> }> };
  assert.deepEqual(o.yAxis.data, ['random  n=20', 'input  n=0 (undefined)', 'rectgrad  n=10']);
  assert.deepEqual(o.legend.data, ['control maps', "the run's own maps"]);
  assert.deepEqual(o.series[0].data, [0.04, null, null]);
  assert.deepEqual(o.series[1].data, [null, null, 0], 'a 0 stays a 0, an undefined stays null');
});

test('grouped bars: a bar per method in each condition, n carried to the tooltip, a missing value a gap', () => {
  const o = groupedBarsOption({
    title: 't',
    xName: 'input encoding (arm)',
    yName: 'median',
    categories: ['identity', 'invert'],
    series: [{ name: 'rectgrad', values: [{ y: 1, n: 20 }, null] }],
  }) as { xAxis: { data: string[]; name: string }; series: Array<{ data: Array<{ value: number | null; n: number }> }> };
  assert.deepEqual(o.xAxis.data, ['identity', 'invert']);
  assert.deepEqual(o.series[0].data, [
    { value: 1, n: 20 },
    { value: null, n: 0 },
  ]);
});
