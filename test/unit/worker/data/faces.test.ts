/** Generated faces: deterministic, balanced enough for a 500/500 concept, dark lenses exactly 0 in the eye region. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateFaces } from '../../../../src/worker/data/faces/generate-faces.ts';
import { sampleFaceParams } from '../../../../src/worker/data/faces/face-params.ts';
import { eyeRegionMask } from '../../../../src/worker/data/faces/eye-mask.ts';
import { makeRng, subSeed } from '../../../../src/worker/data/prng.ts';

const faces = generateFaces({ size: 48, count: 600, seed: 7, testFraction: 0.2 });

test('faces are deterministic per seed, differ between seeds, and a prefix of a larger set is the same faces', () => {
  const a = generateFaces({ size: 32, count: 20, seed: 3, testFraction: 0.2 });
  const b = generateFaces({ size: 32, count: 20, seed: 3, testFraction: 0.2 });
  const c = generateFaces({ size: 32, count: 20, seed: 4, testFraction: 0.2 });
  assert.deepEqual(a.pixels, b.pixels);
  assert.deepEqual(a.masks, b.masks);
  assert.deepEqual(a.items, b.items);
  assert.notDeepEqual(a.pixels, c.pixels);
  const longer = generateFaces({ size: 32, count: 40, seed: 3, testFraction: 0.2 });
  assert.deepEqual(longer.pixels.subarray(0, a.pixels.length), a.pixels);
});

test('attribute rates: ~40 % glasses (half dark), ~half smiling, ~20 % hats; 10,000 faces give ≥ 500 of each glasses group in training', () => {
  const n = faces.items.length;
  const rate = (name: string) => faces.items.filter((it) => it.attributes[name] === 1).length / n;
  assert.ok(rate('Eyeglasses') > 0.32 && rate('Eyeglasses') < 0.48, `Eyeglasses ${rate('Eyeglasses')}`);
  assert.ok(rate('Smiling') > 0.4 && rate('Smiling') < 0.6, `Smiling ${rate('Smiling')}`);
  assert.ok(rate('Wearing_Hat') > 0.12 && rate('Wearing_Hat') < 0.28, `Wearing_Hat ${rate('Wearing_Hat')}`);
  const dark = faces.items.filter((it) => it.eyeglasses === 'dark').length;
  const clear = faces.items.filter((it) => it.eyeglasses === 'clear').length;
  assert.ok(Math.abs(dark - clear) < 0.25 * (dark + clear), `dark ${dark} vs clear ${clear}`);
  for (const it of faces.items) assert.equal(it.attributes.Eyeglasses, it.eyeglasses === 'none' ? 0 : 1);
  assert.equal(faces.items.filter((it) => it.split === 'test').length, 120);
  // The parameters alone (no drawing) for the default 10,000: the concept needs 500 / 500 in training (80 %).
  let withGlasses = 0;
  for (let i = 0; i < 10000; i++) if (sampleFaceParams(makeRng(subSeed(1, 40, i))).glasses.style !== 'none') withGlasses++;
  assert.ok(withGlasses * 0.8 > 1000 && (10000 - withGlasses) * 0.8 > 1000, `${withGlasses} of 10,000 with glasses`);
});

function eyeStats(i: number) {
  const s = faces.size;
  let maskPixels = 0;
  let zeroPixels = 0;
  let zeroEntries = 0;
  let zeroOutside = 0;
  for (let p = 0; p < s * s; p++) {
    const o = (i * s * s + p) * 3;
    const px = faces.pixels.subarray(o, o + 3);
    const inside = faces.masks[i * s * s + p] === 1;
    if (inside) maskPixels++;
    if (px[0] === 0 && px[1] === 0 && px[2] === 0) {
      if (inside) zeroPixels++;
      else zeroOutside++;
    }
    if (inside) zeroEntries += px.filter((v) => v === 0).length;
  }
  return { maskPixels, zeroPixels, zeroEntries, zeroOutside };
}

test('dark lenses hold many pixels exactly (0,0,0) inside the eye mask; clear glasses and no glasses hold none', () => {
  const byStyle = { dark: 0, clear: 0, none: 0 };
  faces.items.forEach((it, i) => {
    const st = eyeStats(i);
    assert.ok(st.maskPixels > 20, `face ${i}: eye mask of ${st.maskPixels} pixels`);
    if (it.eyeglasses === 'dark') assert.ok(st.zeroPixels >= 0.12 * st.maskPixels, `face ${i}: ${st.zeroPixels} black of ${st.maskPixels} eye pixels`);
    else assert.equal(st.zeroEntries, 0, `face ${i} (${it.eyeglasses}): exact zeros in the eye region`);
    assert.equal(st.zeroOutside, 0, `face ${i}: exact-black pixels outside the eye region`);
    byStyle[it.eyeglasses]++;
  });
  assert.ok(byStyle.dark > 30 && byStyle.clear > 30 && byStyle.none > 200, JSON.stringify(byStyle));
});

test('the eye mask follows the landmarks: two ellipses around the eyes, nothing near the mouth', () => {
  const m = eyeRegionMask(64, [22, 28], [42, 28]);
  assert.equal(m[28 * 64 + 22], 1);
  assert.equal(m[28 * 64 + 42], 1);
  assert.equal(m[45 * 64 + 32], 0);
  assert.equal(m[5 * 64 + 5], 0);
  const it = faces.items[0];
  const s = faces.size;
  const [mx, my] = it.landmarks.mouth;
  assert.equal(faces.masks[Math.floor(my) * s + Math.floor(mx)], 0);
  const [ex, ey] = it.landmarks.leftEye;
  assert.equal(faces.masks[Math.floor(ey) * s + Math.floor(ex)], 1);
});
