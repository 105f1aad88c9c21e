/**
 * Lens darkness (issue 15, item 6): the rule on a hand-made image (which pixels the boxes take, the
 * median), and the threshold on generated faces whose lenses are known to be dark or clear.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DARK_LENS_THRESHOLD } from '../../../../src/shared/faces.ts';
import { generateFaces } from '../../../../src/worker/data/faces/generate-faces.ts';
import { lensBoxLumas, lensDarkness, lensStyle } from '../../../../src/worker/data/faces/lens-darkness.ts';

/** A 20 × 20 white image with eyes at (6, 10) and (14, 10): d = 8, boxes ±1.6 px along, ±0.96 px across. */
function image(paint: (x: number, y: number) => number): Uint8Array {
  const px = new Uint8Array(20 * 20 * 3);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) px.fill(paint(x, y), (y * 20 + x) * 3, (y * 20 + x) * 3 + 3);
  return px;
}
const EYES: [[number, number], [number, number]] = [
  [6, 10],
  [14, 10],
];
/** Pixels whose centres lie within 1.6 px along and 0.96 px across of an eye: x 4–7 and 12–15, y 9–10. */
const inBox = (x: number, y: number) => (y === 9 || y === 10) && ((x >= 4 && x <= 7) || (x >= 12 && x <= 15));

test('the boxes take exactly the pixels whose centres lie in 0.4 d × 0.24 d around each eye, and the median of their luma', () => {
  assert.equal(lensBoxLumas(image(() => 255), 0, 20, ...EYES).length, 16);
  // Black inside the boxes, white everywhere else, even right next to them: fully dark.
  assert.equal(lensDarkness(image((x, y) => (inBox(x, y) ? 0 : 255)), 0, 20, ...EYES), 0);
  // The reverse: white boxes on black: fully clear.
  assert.equal(lensDarkness(image((x, y) => (inBox(x, y) ? 255 : 0)), 0, 20, ...EYES), 1);
  // A highlight on 7 of the 16 pixels does not move the median off black; 9 of 16 would.
  const boxPixels = Array.from({ length: 400 }, (_, i) => [i % 20, Math.floor(i / 20)]).filter(([x, y]) => inBox(x, y));
  const spots = (k: number) => {
    const lit = new Set(boxPixels.slice(0, k).map(([x, y]) => y * 20 + x));
    return image((x, y) => (inBox(x, y) && !lit.has(y * 20 + x) ? 0 : 255));
  };
  assert.equal(lensDarkness(spots(7), 0, 20, ...EYES), 0);
  assert.equal(lensDarkness(spots(9), 0, 20, ...EYES), 1);
  // Luma weights 0.299, 0.587, 0.114 of the stored values / 255.
  const red = new Uint8Array(20 * 20 * 3);
  for (let i = 0; i < 400; i++) red[i * 3] = 255;
  assert.equal(lensDarkness(red, 0, 20, ...EYES), 0.299);
  assert.equal(lensStyle(DARK_LENS_THRESHOLD - 0.001), 'dark');
  assert.equal(lensStyle(DARK_LENS_THRESHOLD), 'clear');
});

for (const size of [32, 64]) {
  test(`on generated faces at ${size}² the threshold puts every drawn dark lens below it and every clear lens above it`, () => {
    const faces = generateFaces({ size, count: 300, seed: 11, testFraction: 0.2 });
    const of = (style: string) => faces.items.filter((it) => it.eyeglasses === style).map((it) => it.lensDarkness!);
    const dark = of('dark');
    const clear = of('clear');
    assert.ok(dark.length >= 30 && clear.length >= 30, `${dark.length} dark, ${clear.length} clear`);
    assert.ok(Math.max(...dark) < DARK_LENS_THRESHOLD, `darkest clear-side dark lens ${Math.max(...dark)}`);
    assert.ok(Math.min(...clear) >= DARK_LENS_THRESHOLD, `darkest clear lens ${Math.min(...clear)}`);
    assert.ok(faces.items.every((it, i) => it.lensDarkness === lensDarkness(faces.pixels, i * size * size * 3, size, it.landmarks.leftEye, it.landmarks.rightEye)), 'every face carries its measured value');
  });
}
