/**
 * Whether a method's own map ends with × input is said once, in src/shared/saliency.ts (issue 17): the
 * worker's explain() takes its default from it and the renderer's tags read it. The rows are METHODS.md's
 * table ("final map M"); SmoothGrad's is its wrapped method's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SALIENCY_OPTIONS, SALIENCY_METHOD_IDS, multipliesByInput } from '../../../src/shared/saliency.ts';

/** METHODS.md's "final map M" column: these multiply by the input, the others do not. */
const TIMES_INPUT = new Set(['gradient-x-input', 'rectgrad', 'integrated-gradients']);

test('every method but SmoothGrad says whether its map is × input, as METHODS.md does', () => {
  for (const m of SALIENCY_METHOD_IDS.filter((id) => id !== 'smoothgrad')) {
    assert.equal(multipliesByInput(m, DEFAULT_SALIENCY_OPTIONS), TIMES_INPUT.has(m), m);
  }
});

test("SmoothGrad's map is × input exactly when its wrapped method's is", () => {
  for (const inner of SALIENCY_METHOD_IDS.filter((id) => id !== 'smoothgrad')) {
    assert.equal(multipliesByInput('smoothgrad', { inner }), TIMES_INPUT.has(inner), inner);
  }
});
