import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateBackground } from '../../../../src/worker/data/backgrounds.ts';
import { drawBox, pasteBox } from '../../../../src/worker/data/black-box.ts';
import { makeRng } from '../../../../src/worker/data/prng.ts';
import { stratifiedSplit } from '../../../../src/worker/training/split.ts';

test('backgrounds are deterministic per seed and differ between seeds', () => {
  assert.deepEqual(generateBackground(32, 5), generateBackground(32, 5));
  assert.notDeepEqual(generateBackground(32, 5), generateBackground(32, 6));
});

test('backgrounds have dark regions of their own, so "dark" alone does not give the label away', () => {
  let withDark = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const img = generateBackground(64, seed);
    let dark = 0;
    for (let p = 0; p < 64 * 64; p++) if (img[p * 3] + img[p * 3 + 1] + img[p * 3 + 2] < 30) dark++;
    if (dark >= 64) withDark++; // at least a 8×8 area's worth of near-black pixels
  }
  assert.ok(withDark >= 15, `${withDark} of 60 backgrounds have dark regions`);
});

test('boxes are black (0,0,0), fully inside, side in [H/8, H/4]', () => {
  const rng = makeRng(3);
  for (let i = 0; i < 200; i++) {
    const b = drawBox(64, 1 / 8, 1 / 4, rng);
    assert.ok(b.side >= 8 && b.side <= 16 && b.x >= 0 && b.y >= 0 && b.x + b.side <= 64 && b.y + b.side <= 64, JSON.stringify(b));
  }
  const img = generateBackground(16, 1);
  pasteBox(img, 16, { x: 3, y: 4, side: 2 });
  assert.deepEqual(Array.from(img.subarray((4 * 16 + 3) * 3, (4 * 16 + 5) * 3)), [0, 0, 0, 0, 0, 0]);
  assert.notEqual(img[(4 * 16 + 5) * 3] + img[(4 * 16 + 5) * 3 + 1] + img[(4 * 16 + 5) * 3 + 2], -1);
});

test('stratified split: 80/20 per class, disjoint, seeded', () => {
  const labels = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const s = stratifiedSplit(labels, 0.2, 1);
  assert.equal(s.test.length + s.train.length, 100);
  assert.equal(s.test.filter((i) => labels[i] === 1).length, 5);
  assert.equal(s.test.filter((i) => labels[i] === 0).length, 15);
  assert.equal(new Set([...s.train, ...s.test]).size, 100);
  assert.deepEqual(stratifiedSplit(labels, 0.2, 1), s);
  assert.notDeepEqual(stratifiedSplit(labels, 0.2, 2).test, s.test);
});
