/**
 * The A/B wipe's difference map (issue 15, item 8): in the black box RectGrad is exactly 0 and No-Bias
 * RectGrad strongly negative. The signed A − B paints that red ("A larger"); |A| − |B|, the default for
 * two methods, paints it blue: No-Bias marks those pixels, RectGrad does not. The legend says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DIFFERENCE_KIND, differenceLegend, differenceMap } from '../../../src/renderer/map-math.ts';

// Two pixels in the box (RectGrad 0, No-Bias −2 and −0.5), one outside where both agree in sign.
const rectgrad = [0, 0, 3];
const nobias = [-2, -0.5, 1];

test('|A| − |B| makes the black box read as No-Bias marking it and RectGrad not', () => {
  const m = differenceMap(rectgrad, nobias, 'magnitude');
  assert.deepEqual(m.values, [-2, -0.5, 2]);
  assert.equal(m.maxAbs, 2);
  assert.ok(m.values[0] < 0 && m.values[1] < 0, 'blue (B stronger) inside the box');
});

test('the signed A − B is still offered, and reads the box the other way round', () => {
  const m = differenceMap(rectgrad, nobias, 'signed');
  assert.deepEqual(m.values, [2, 0.5, 2]);
  assert.deepEqual(differenceMap([1, 2, -3], [0, 4, -3], 'signed'), { values: [1, -2, 0], maxAbs: 2 });
});

test('comparing methods defaults to |A| − |B|', () => {
  assert.equal(DEFAULT_DIFFERENCE_KIND, 'magnitude');
});

test('the legend names the quantity and what each colour means for the magnitudes', () => {
  const l = differenceLegend('magnitude', 'rectgrad', 'nobias-rectgrad');
  assert.equal(l.title, '|rectgrad| − |nobias-rectgrad|');
  assert.equal(l.quantity, '|A| − |B|');
  assert.match(l.colours, /red: \|rectgrad\| larger/);
  assert.match(l.colours, /blue: \|nobias-rectgrad\| larger/);
  const s = differenceLegend('signed', 'rectgrad', 'nobias-rectgrad');
  assert.equal(s.title, 'rectgrad − nobias-rectgrad');
  assert.match(s.colours, /\|A\| − \|B\|/, 'the signed legend points to the magnitude view');
});
