/** The synchronous PNG encoder the analyses' galleries use: sharp reads back exactly the pixels written. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { rgbaPngDataUri } from '../../../../../src/main/host/report/png-sync.ts';
import { mapFigureSync } from '../../../../../src/main/host/report/map-figure-sync.ts';

test('rgbaPngDataUri: a valid PNG of the given pixels, read back byte for byte', async () => {
  const width = 5;
  const height = 3;
  const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37) % 256);
  const uri = rgbaPngDataUri(rgba, width, height);
  assert.match(uri, /^data:image\/png;base64,/);
  const { data, info } = await sharp(Buffer.from(uri.split(',')[1], 'base64')).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [width, height, 4]);
  assert.deepEqual(new Uint8Array(data), rgba);
  assert.throws(() => rgbaPngDataUri(rgba, 4, 3), /60 bytes for a 4 × 3 RGBA image/);
});

test('mapFigureSync: every map with its colour bar, and a map 0 everywhere says so', () => {
  const s = Float32Array.from({ length: 16 }, (_, i) => i - 8);
  assert.match(mapFigureSync(s, 4, 'x'), /<img src="data:image\/png;base64,[^"]+"><div class="cbar"[^>]*>.*<figcaption>x<\/figcaption><\/figure>$/);
  assert.match(mapFigureSync(new Float32Array(16), 4, ''), /all 0/);
});
