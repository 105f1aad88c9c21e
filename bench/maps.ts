/**
 * `npm run bench -- maps [--quick]`: the host's RSS while the app opens the maps of 20 runs, one image of
 * each, through the host's one map reader (issue 17: the old per-view caches kept every run's decoded
 * maps, ~20 MB per method per 224² ResNet50 run, and grew with every run opened). Each run holds one
 * method's maps for 32 images of 224² × 3 float32 (~18 MB), so twenty runs (370 MB) pass the 256 MB bound. One JSON object per line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAP_CACHE_BYTES, sharedMapReader } from '../src/main/host/map-reader.ts';
import { encodeNpy } from '../src/shared/npy.ts';

export async function benchMaps({ quick }: { quick: boolean }): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'sbl-bench-maps-'));
  const runs = 20;
  const images = quick ? 4 : 32;
  const size = 224;
  const values = images * size * size * 3;
  const mb = (b: number) => Math.round(b / 2 ** 20);
  try {
    const dirs = Array.from({ length: runs }, (_, r) => {
      const dir = join(root, `run-${r}`);
      mkdirSync(join(dir, 'saliency'), { recursive: true });
      writeFileSync(join(dir, 'saliency', 'rectgrad.npy'), encodeNpy(new Float32Array(values).fill(r), [images, size, size, 3]));
      return dir;
    });
    global.gc?.();
    // The instance every kind's map views and getMap read through (map-reader.ts).
    const reader = sharedMapReader;
    reader.clear();
    const base = process.memoryUsage().rss;
    for (const [r, dir] of dirs.entries()) {
      const started = performance.now();
      await reader.read(dir, 'saliency/rectgrad.npy');
      const ms = performance.now() - started;
      console.log(JSON.stringify({ bench: 'map-reader-rss', run: r + 1, of: runs, mapMB: +((values * 4) / 2 ** 20).toFixed(1), readMs: +ms.toFixed(1), heldMB: mb(reader.heldBytes), boundMB: mb(MAP_CACHE_BYTES), rssMB: mb(process.memoryUsage().rss), rssGrowthMB: mb(process.memoryUsage().rss - base) }));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
