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
  // Pasting blackens exactly the box's pixels and leaves every other pixel as the background had it.
  const original = generateBackground(16, 1);
  const img = original.slice();
  const box = { x: 3, y: 4, side: 2 };
  pasteBox(img, 16, box);
  const changed: string[] = [];
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const inside = x >= box.x && x < box.x + box.side && y >= box.y && y < box.y + box.side;
      const p = (y * 16 + x) * 3;
      const want = inside ? [0, 0, 0] : Array.from(original.subarray(p, p + 3));
      if (Array.from(img.subarray(p, p + 3)).some((v, c) => v !== want[c])) changed.push(`(${x},${y})`);
    }
  }
  assert.deepEqual(changed, [], 'pixels that differ from "box black, background elsewhere"');
  // The ring around the box is not black in the background, so a box one pixel too big would show above.
  for (const [x, y] of [[2, 4], [5, 4], [3, 3], [3, 6], [5, 5], [2, 5]]) {
    const p = (y * 16 + x) * 3;
    assert.ok(original[p] + original[p + 1] + original[p + 2] > 0, `background pixel (${x},${y}) is not black`);
  }
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
