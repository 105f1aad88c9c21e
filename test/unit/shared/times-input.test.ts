/**
 * Whether a method's own map ends with × input is said once, in src/shared/saliency.ts (issue 17): the
 * worker's explain() takes its default from it and the renderer's tags read it. The rows are METHODS.md's
 * table ("final map M"); SmoothGrad's is its wrapped method's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SALIENCY_OPTIONS, SALIENCY_METHOD_IDS, multipliesByInput } from '../../../src/shared/saliency.ts';

const METHODS_MD: Record<string, boolean> = {
  gradient: false,
  'gradient-x-input': true,
  'guided-backprop': false,
  rectgrad: true,
  'nobias-rectgrad': false,
  'integrated-gradients': true,
};

test('every method but SmoothGrad says whether its map is × input, as METHODS.md does', () => {
  for (const m of SALIENCY_METHOD_IDS.filter((id) => id !== 'smoothgrad')) {
    assert.equal(multipliesByInput(m, DEFAULT_SALIENCY_OPTIONS), METHODS_MD[m], m);
  }
});

test("SmoothGrad's map is × input exactly when its wrapped method's is", () => {
  for (const inner of SALIENCY_METHOD_IDS.filter((id) => id !== 'smoothgrad')) {
    assert.equal(multipliesByInput('smoothgrad', { inner }), METHODS_MD[inner], inner);
  }
});
