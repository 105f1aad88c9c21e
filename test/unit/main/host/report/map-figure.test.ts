/** A report's map figure carries its colour bar: the numbers at full colour, or "all 0" for an empty map. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { absPercentile } from '../../../../../src/shared/color-scale.ts';
import { colourBarTicks, mapFigure } from '../../../../../src/main/host/report/map-figure.ts';

test('mapFigure: the image, a bar whose ends are ∓ the p99.5 of |S|, and the caption', async () => {
  const size = 8;
  const s = Float32Array.from({ length: size * size }, (_, i) => (i % 2 === 0 ? 1 : -1) * (i / 64) * 0.004);
  const html = await mapFigure(s, size, 'rectgrad<br>eye share 0.10');
  const max = absPercentile(s, 99.5);
  assert.match(html, /^<figure><img src="data:image\/png;base64,[A-Za-z0-9+/=]+"><div class="cbar" data-max="[^"]+">/);
  assert.equal(Number(/data-max="([^"]+)"/.exec(html)![1]), max);
  const ticks = [...html.matchAll(/<span>([^<]*)<\/span>/g)].map((m) => m[1]);
  assert.deepEqual(ticks, [`−${max.toPrecision(3)}`, '0', `+${max.toPrecision(3)}`]);
  assert.match(html, /<figcaption>rectgrad<br>eye share 0.10<\/figcaption><\/figure>$/);
});

test('a map that is 0 everywhere says so instead of showing ±0 (or a made-up ±1)', async () => {
  assert.deepEqual(colourBarTicks(0), ['all 0']);
  assert.deepEqual(colourBarTicks(Number.NaN), ['all 0']);
  const html = await mapFigure(new Float32Array(16), 4, 'gradient', 64);
  assert.match(html, /<span>all 0<\/span>/);
  assert.match(html, /<figure style="width:64px"><img src="[^"]+" width="64">/);
});
