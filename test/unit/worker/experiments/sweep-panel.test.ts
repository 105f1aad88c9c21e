/**
 * The suppressed-point sweep's binning (issue 9; the rule itself: test/unit/shared/binning.test.ts) on
 * hand-made inputs and maps with known answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawValueBins, sweepPanel } from '../../../../src/worker/experiments/sweep/panel.ts';
import { binCentres } from '../../../../src/shared/binning.ts';
import { PREPROCESSING_PRESETS, preprocess } from '../../../../src/shared/preprocessing.ts';

const close = (a: number | null, b: number, tol = 1e-6) => assert.ok(a !== null && Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

/** Every uint8 grey level once, as RGB raw values in [0, 1]. */
const greys = Float32Array.from({ length: 256 * 3 }, (_, i) => Math.floor(i / 3) / 255);

/** What RectGrad's last step does: R · (model-space input), with R = 1 everywhere. */
const timesInput = (raw: Float32Array, preset: keyof typeof PREPROCESSING_PRESETS) => preprocess(raw, PREPROCESSING_PRESETS[preset]);

const c11 = binCentres(11);

test('mean |S| per bin, element by element, with counts and the level relative to the mean', () => {
  // Two pixels: one black with map (1, -1, 3), one white with map (0, 0, 2): the bins see 3 elements each.
  const raw = new Float32Array([0, 0, 0, 1, 1, 1]);
  const map = new Float32Array([1, -1, 3, 0, 0, 2]);
  const r = rawValueBins(raw, map, 3, 1);
  assert.deepEqual(r.counts, [3, 0, 3]);
  close(r.meanAbsS[0], 5 / 3);
  assert.equal(r.meanAbsS[1], null, 'an empty bin has no mean');
  close(r.meanAbsS[2], 2 / 3);
  assert.equal(r.lowestBin, 5 / 6);
  close(r.meanAbsSAll, 7 / 6);
  close(r.relative[2], 2 / 3 / (7 / 6));
  assert.equal(r.relative[1], null);
});

test('each channel is binned by its own raw value, not the pixel mean', () => {
  // One pixel (0, 1, 0.5): only the red channel's |S| lands in the black bin.
  const r = rawValueBins(new Float32Array([0, 1, 0.5]), new Float32Array([7, 1, 3]), 3, 1);
  assert.deepEqual(r.meanAbsS, [7, 3, 1]);
});

test('a BGR preset (caffe) bins each map channel against the raw channel it came from', () => {
  // Raw RGB (0, 0.5, 1); the model saw (B, G, R), so map channel 0 belongs to raw blue (1).
  const r = rawValueBins(new Float32Array([0, 0.5, 1]), new Float32Array([9, 5, 1]), 3, 1, 'bgr');
  assert.deepEqual(r.meanAbsS, [1, 5, 9]);
});

test('× input puts the lowest bin at the zero point: black for unit, mid-grey for centred, the ImageNet mean for torch', () => {
  const unit = rawValueBins(greys, timesInput(greys, 'unit'), 11, 1);
  assert.equal(unit.lowestBin, c11[0], 'black is in the first bin');
  const centred = rawValueBins(greys, timesInput(greys, 'paper'), 11, 1);
  assert.equal(centred.lowestBin, 0.5);
  assert.ok(centred.meanAbsS[5]! < 0.1, `centred: mean |x − 0.5| near 0.5 is small, got ${centred.meanAbsS[5]}`);
  const torch = rawValueBins(greys, timesInput(greys, 'torch'), 11, 1);
  assert.ok([c11[4], c11[5]].includes(torch.lowestBin!), `torchvision means are 0.406–0.485 (bins 4 and 5), got ${torch.lowestBin}`);
  const minus1to1 = rawValueBins(greys, timesInput(greys, 'minus1to1'), 11, 1);
  assert.equal(minus1to1.lowestBin, 0.5);
});

test('an even bin count puts 0.5 on an edge, so the centred dip falls in one of its two neighbours', () => {
  const centred = rawValueBins(greys, timesInput(greys, 'paper'), 10, 1);
  assert.ok([0.45, 0.55].some((c) => Math.abs(centred.lowestBin! - c) < 1e-9), `lowest bin ${centred.lowestBin}`);
});

test('a bin below the minimum count is binned and shown but cannot be the lowest or the suppressed band', () => {
  // 30 mid-grey elements with |S| = 1, and one white element with |S| = 0.001 alone in the last bin.
  const raw = new Float32Array(33).fill(0.5);
  raw.fill(1, 30);
  const rect = new Float32Array(33).fill(1);
  rect.fill(0.001, 30);
  const flat = new Float32Array(33).fill(1);
  const any = rawValueBins(raw, rect, 4, 1);
  assert.equal(any.lowestBin, 0.875, 'with no minimum, the three white elements win');
  const some = rawValueBins(raw, rect, 4, 4);
  assert.equal(some.lowestBin, 0.625, 'with a minimum of 4 they take no part');
  assert.deepEqual(some.meanAbsS.map((v) => (v === null ? null : +v.toFixed(3))), [null, null, 1, 0.001], 'their level is still reported; empty bins are null');
  const p = sweepPanel(raw, { rectgrad: rect, 'nobias-rectgrad': flat }, 4, 4, 'unit', true);
  assert.equal(p.suppressedBin, 0.625);
  assert.equal(p.minBinCount, 4);
  assert.deepEqual(p.counts, [0, 0, 30, 3]);
  assert.deepEqual(p.binEdges, [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(sweepPanel(raw, { rectgrad: rect, 'nobias-rectgrad': flat }, 4, 1, 'unit', true).suppressedBin, 0.875);
  assert.equal(rawValueBins(raw, rect, 4, 100).lowestBin, null, 'no bin big enough: no lowest bin');
});

test('a panel says whether it is a measurement (own preset) or an illustration of x ⊙ R (any other)', () => {
  const ones = new Float32Array(greys.length).fill(1);
  assert.equal(sweepPanel(greys, { rectgrad: ones, 'nobias-rectgrad': ones }, 11, 1, 'unit', true).evidence, 'measurement');
  assert.equal(sweepPanel(greys, { rectgrad: ones, 'nobias-rectgrad': ones }, 11, 1, 'caffe', false).evidence, 'illustration');
});

test('a panel: zero point, its bin, and the suppressed band against a map without × input', () => {
  const raw = greys;
  // No-Bias: flat |S| = 1; RectGrad: the same times the model-space input.
  const nobias = new Float32Array(raw.length).fill(1);
  for (const [preset, zero] of [['unit', 0], ['paper', 0.5]] as const) {
    const p = sweepPanel(raw, { rectgrad: timesInput(raw, preset), 'nobias-rectgrad': nobias }, 11, 1, preset, preset === 'paper');
    const bin = zero === 0 ? c11[0] : 0.5;
    assert.equal(p.zeroPoint, zero);
    assert.deepEqual(p.zeroPointRgb, [zero, zero, zero]);
    assert.equal(p.zeroPointBin, bin);
    assert.equal(p.methods.rectgrad.lowestBin, bin);
    assert.equal(p.suppressedBin, bin);
    assert.equal(p.own, preset === 'paper');
    const k = p.bins.indexOf(bin);
    close(p.methods['nobias-rectgrad'].relative[k], 1);
    assert.ok(p.methods.rectgrad.relative[k]! < 0.2, `rectgrad relative ${p.methods.rectgrad.relative[k]}`);
    assert.equal(p.counts.reduce((a, b) => a + b, 0), raw.length);
  }
  const caffe = sweepPanel(raw, { rectgrad: timesInput(raw, 'caffe'), 'nobias-rectgrad': nobias }, 11, 1, 'caffe', false);
  close(caffe.zeroPoint, (123.68 + 116.779 + 103.939) / 3 / 255);
  assert.equal(caffe.zeroPointBin, c11[4], 'mean zero point 0.450 is in [4/11, 5/11)');
  assert.ok([c11[4], c11[5]].includes(caffe.methods.rectgrad.lowestBin!), `caffe means are 0.41–0.49 of 255 (bins 4 and 5), got ${caffe.methods.rectgrad.lowestBin}`);
});

test('bad sizes and bin counts are refused', () => {
  assert.throws(() => rawValueBins(new Float32Array(3), new Float32Array(6), 11, 1), /same/);
  assert.throws(() => rawValueBins(new Float32Array(3), new Float32Array(3), 1, 1), /bins/);
});
