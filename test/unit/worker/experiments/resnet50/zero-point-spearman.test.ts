/** ResNet50's ρ summary counts the images without a defined ρ instead of dropping them silently (issue 15). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeroPointNumbers } from '../../../../../src/worker/experiments/resnet50/zero-point.ts';

test('a constant (all-zero) map has no ρ: the median is over the other images, and n says how many', () => {
  const pixels = 16;
  const raw = new Float32Array(2 * pixels * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = ((i * 7) % 23) / 22;
  const map = new Float32Array(raw.length);
  // Image 0: |S| grows with the raw value (ρ defined); image 1: all zero (ρ undefined).
  for (let i = 0; i < pixels * 3; i++) map[i] = raw[i];
  const z = zeroPointNumbers(raw, map, 2, 'unit', 4);
  assert.equal(z.intensitySpearmanN, 1);
  assert.ok(Number.isFinite(z.intensitySpearman) && z.intensitySpearman > 0.9, `ρ ${z.intensitySpearman}`);
  const none = zeroPointNumbers(raw, new Float32Array(raw.length), 2, 'unit', 4);
  assert.equal(none.intensitySpearmanN, 0);
  assert.ok(Number.isNaN(none.intensitySpearman));
});
