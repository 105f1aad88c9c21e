/**
 * The inverted encoding of the control arm (issue 18): 1 − x through the presets' general form
 * (x · scale − mean) / std with std = −1, so the box that is black in raw pixels is 1 to the model, white
 * is its zero point, and the way back (unpreprocess) and the zero point work without a special case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PREPROCESSING_IDS, PREPROCESSING_PRESETS, preprocess, unpreprocess, zeroPoint } from '../../../src/shared/preprocessing.ts';
import { TRAIN_PREPROCESSING, TRAIN_PREPROCESSING_PRESET, TRAIN_PREPROCESSING_TEXT } from '../../../src/shared/run.ts';

const inverted = PREPROCESSING_PRESETS.inverted;

test('inverted: the model sees 1 − x; black is 1, white is the zero point', () => {
  const raw = new Float32Array([0, 0, 0, 1, 1, 1, 0.25, 0.5, 0.8]);
  // White comes out as −0 ((1 − 1) / −1): equal to 0 (−0 === 0), so RectGrad's exact zeros are counted alike; + 0 makes it +0 for deepEqual.
  assert.deepEqual(Array.from(preprocess(raw, inverted), (v) => v + 0), [1, 1, 1, 0, 0, 0, 0.75, 0.5, 1 - Math.fround(0.8)].map(Math.fround));
  assert.deepEqual(zeroPoint(inverted), [1, 1, 1]);
  assert.deepEqual(Array.from(unpreprocess(preprocess(raw, inverted), inverted)), Array.from(raw));
});

test('every training preprocessing names a preset, and its words say where its zero point is', () => {
  for (const p of TRAIN_PREPROCESSING) {
    assert.ok((PREPROCESSING_IDS as readonly string[]).includes(TRAIN_PREPROCESSING_PRESET[p]), p);
    const z = zeroPoint(PREPROCESSING_PRESETS[TRAIN_PREPROCESSING_PRESET[p]])[0];
    assert.ok(TRAIN_PREPROCESSING_TEXT[p].zeroPoint.startsWith(String(z)), `${p}: zero point ${z}, said "${TRAIN_PREPROCESSING_TEXT[p].zeroPoint}"`);
  }
});
