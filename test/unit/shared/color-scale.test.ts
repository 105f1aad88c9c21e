import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIVERGING_LUT, SEQUENTIAL_LUT, absPercentile, colourise, describeScale, scaleMaxima } from '../../../src/shared/color-scale.ts';
import { decodeNpy, encodeNpy } from '../../../src/shared/npy.ts';
import { formatEta } from '../../../src/shared/format.ts';

const rgb = (lut: Uint8Array, i: number) => Array.from(lut.subarray(i * 3, i * 3 + 3));

test('lookup tables: diverging is white at 0, blue below, red above; sequential starts black', () => {
  assert.deepEqual(rgb(DIVERGING_LUT, 128).map((v) => v > 240), [true, true, true]);
  assert.ok(rgb(DIVERGING_LUT, 0)[2] > rgb(DIVERGING_LUT, 0)[0], 'negative end is blue');
  assert.ok(rgb(DIVERGING_LUT, 255)[0] > rgb(DIVERGING_LUT, 255)[2], 'positive end is red');
  assert.deepEqual(rgb(SEQUENTIAL_LUT, 0), [0, 0, 4]);
});

test('percentile clip and scale modes', () => {
  const a = Array.from({ length: 101 }, (_, i) => (i % 2 ? -i : i)); // |values| 0..100
  assert.equal(absPercentile(a, 50), 50);
  assert.equal(absPercentile(a, 99.5), 99.5);
  const b = [0, 1, 2, 3];
  assert.deepEqual(scaleMaxima([a, b], { sign: 'signed', mode: 'per-map', clipPercentile: 100 }), [100, 3]);
  assert.deepEqual(scaleMaxima([a, b], { sign: 'signed', mode: 'shared-row', clipPercentile: 100 }), [100, 100]);
  assert.deepEqual(scaleMaxima([a, b], { sign: 'signed', mode: 'fixed', clipPercentile: 100, fixedMax: 2 }), [2, 2]);
  assert.match(describeScale({ sign: 'absolute', mode: 'shared-row', clipPercentile: 99 }, 3), /\|S\| · shared row 0–3\.00 \(clip p99\)/);
});

test('colourise: values beyond the max saturate; zero maps to the middle (signed) or the start (absolute)', () => {
  const px = colourise([0, 10, -10, 0.5], 1, 'signed');
  assert.deepEqual(Array.from(px.subarray(0, 3)), rgb(DIVERGING_LUT, 128));
  assert.deepEqual(Array.from(px.subarray(4, 7)), rgb(DIVERGING_LUT, 255));
  assert.deepEqual(Array.from(px.subarray(8, 11)), rgb(DIVERGING_LUT, 0));
  assert.equal(px[15], 255);
  const abs = colourise([-1, 0], 1, 'absolute');
  assert.deepEqual(Array.from(abs.subarray(0, 3)), rgb(SEQUENTIAL_LUT, 255));
  assert.deepEqual(Array.from(abs.subarray(4, 7)), rgb(SEQUENTIAL_LUT, 0));
});

test('npy round trip, header aligned to 64 bytes', () => {
  const data = Float32Array.from([1.5, -2, 3, 0]);
  const bytes = encodeNpy(data, [2, 2]);
  assert.equal((10 + (bytes[8] | (bytes[9] << 8))) % 64, 0);
  assert.deepEqual(decodeNpy(bytes), { data, shape: [2, 2] });
  assert.throws(() => decodeNpy(bytes.subarray(0, 20)), /truncated|unreadable/);
});

test('ETA formatting', () => {
  assert.equal(formatEta(null), '–');
  assert.equal(formatEta(42.4), '42s');
  assert.equal(formatEta(125), '2m05s');
  assert.equal(formatEta(3 * 3600 + 120), '3h02m');
});
