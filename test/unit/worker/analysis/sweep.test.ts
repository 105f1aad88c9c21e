/** The suppressed-point sweep's binning (issue 9) on hand-made inputs and maps with known answers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binCentres, binOf, binnedMeanAbs, sweepPanel } from '../../../../src/worker/analysis/sweep.ts';
import { PREPROCESSING_PRESETS, preprocess } from '../../../../src/shared/preprocessing.ts';

const close = (a: number | null, b: number, tol = 1e-6) => assert.ok(a !== null && Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

/** Every uint8 grey level once, as RGB raw values in [0, 1]. */
const greys = Float32Array.from({ length: 256 * 3 }, (_, i) => Math.floor(i / 3) / 255);

/** What RectGrad's last step does: R · (model-space input), with R = 1 everywhere. */
const timesInput = (raw: Float32Array, preset: keyof typeof PREPROCESSING_PRESETS) => preprocess(raw, PREPROCESSING_PRESETS[preset]);

test('bins are centred at 0 … 1, and every value goes to the nearest centre', () => {
  assert.deepEqual(binCentres(11).map((c) => +c.toFixed(6)), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  assert.deepEqual(binCentres(2), [0, 1]);
  assert.equal(binOf(0, 11), 0);
  assert.equal(binOf(0.049, 11), 0);
  assert.equal(binOf(0.051, 11), 1);
  assert.equal(binOf(127 / 255, 11), 5);
  assert.equal(binOf(128 / 255, 11), 5);
  assert.equal(binOf(1, 11), 10);
  assert.equal(binOf(-0.2, 11), 0, 'out-of-range values go to the end bins');
  assert.equal(binOf(1.3, 11), 10);
});

test('mean |S| per bin, element by element, with counts and the level relative to the mean', () => {
  // Two pixels: one black with map (1, -1, 3), one white with map (0, 0, 2): the bins see 3 elements each.
  const raw = new Float32Array([0, 0, 0, 1, 1, 1]);
  const map = new Float32Array([1, -1, 3, 0, 0, 2]);
  const r = binnedMeanAbs(raw, map, 3);
  assert.deepEqual(r.counts, [3, 0, 3]);
  close(r.meanAbsS[0], 5 / 3);
  assert.equal(r.meanAbsS[1], null, 'an empty bin has no mean');
  close(r.meanAbsS[2], 2 / 3);
  assert.equal(r.lowestBin, 1);
  close(r.meanAbsSAll, 7 / 6);
  close(r.relative[2], 2 / 3 / (7 / 6));
  assert.equal(r.relative[1], null);
});

test('each channel is binned by its own raw value, not the pixel mean', () => {
  // One pixel (0, 1, 0.5): only the red channel's |S| lands in the black bin.
  const r = binnedMeanAbs(new Float32Array([0, 1, 0.5]), new Float32Array([7, 1, 3]), 3);
  assert.deepEqual(r.meanAbsS, [7, 3, 1]);
});

test('a BGR preset (caffe) bins each map channel against the raw channel it came from', () => {
  // Raw RGB (0, 0.5, 1); the model saw (B, G, R), so map channel 0 belongs to raw blue (1).
  const r = binnedMeanAbs(new Float32Array([0, 0.5, 1]), new Float32Array([9, 5, 1]), 3, 'bgr');
  assert.deepEqual(r.meanAbsS, [1, 5, 9]);
});

test('× input puts the lowest bin at the zero point: black for unit, mid-grey for centred, the ImageNet mean for torch', () => {
  const unit = binnedMeanAbs(greys, timesInput(greys, 'unit'), 11);
  assert.equal(unit.lowestBin, 0);
  const centred = binnedMeanAbs(greys, timesInput(greys, 'paper'), 11);
  assert.equal(centred.lowestBin, 0.5);
  assert.ok(centred.meanAbsS[5]! < 0.03, `centred: mean |x − 0.5| near 0.5 is small, got ${centred.meanAbsS[5]}`);
  const torch = binnedMeanAbs(greys, timesInput(greys, 'torch'), 11);
  assert.equal(torch.lowestBin, 0.4, 'torchvision means are 0.406–0.485');
  const minus1to1 = binnedMeanAbs(greys, timesInput(greys, 'minus1to1'), 11);
  assert.equal(minus1to1.lowestBin, 0.5);
});

test('an even bin count puts 0.5 on an edge, so the centred dip splits between its neighbours', () => {
  const centred = binnedMeanAbs(greys, timesInput(greys, 'paper'), 10);
  assert.ok([4 / 9, 5 / 9].some((c) => Math.abs(centred.lowestBin - c) < 1e-9), `lowest bin ${centred.lowestBin}`);
});

test('a panel: zero point, its bin, and the suppressed band against a map without × input', () => {
  const raw = greys;
  // No-Bias: flat |S| = 1; RectGrad: the same times the model-space input.
  const nobias = new Float32Array(raw.length).fill(1);
  for (const [preset, zero] of [['unit', 0], ['paper', 0.5]] as const) {
    const p = sweepPanel(raw, { rectgrad: timesInput(raw, preset), 'nobias-rectgrad': nobias }, 11, preset, preset === 'paper');
    assert.equal(p.zeroPoint, zero);
    assert.deepEqual(p.zeroPointRgb, [zero, zero, zero]);
    assert.equal(p.zeroPointBin, zero);
    assert.equal(p.methods.rectgrad.lowestBin, zero);
    assert.equal(p.suppressedBin, zero);
    assert.equal(p.own, preset === 'paper');
    const k = p.bins.indexOf(zero);
    close(p.methods['nobias-rectgrad'].relative[k], 1);
    assert.ok(p.methods.rectgrad.relative[k]! < 0.2, `rectgrad relative ${p.methods.rectgrad.relative[k]}`);
    assert.equal(p.counts.reduce((a, b) => a + b, 0), raw.length);
  }
  const caffe = sweepPanel(raw, { rectgrad: timesInput(raw, 'caffe'), 'nobias-rectgrad': nobias }, 11, 'caffe', false);
  close(caffe.zeroPoint, (123.68 + 116.779 + 103.939) / 3 / 255);
  assert.equal(caffe.zeroPointBin, 0.5);
  assert.equal(caffe.methods.rectgrad.lowestBin, 0.5, 'caffe means are 0.41–0.49 of 255');
});

test('bad sizes and bin counts are refused', () => {
  assert.throws(() => binnedMeanAbs(new Float32Array(3), new Float32Array(6), 11), /same/);
  assert.throws(() => binnedMeanAbs(new Float32Array(3), new Float32Array(3), 1), /bins/);
});
