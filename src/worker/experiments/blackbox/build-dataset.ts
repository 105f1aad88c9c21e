/**
 * Worker handler: builds a black-box dataset (METHODS.md experiment 1) into a staging folder that the
 * host then publishes atomically: backgrounds from the chosen source, a black square on a seeded half.
 */
import type { DatasetItem } from '../../../shared/dataset.ts';
import type { BuildDatasetJob, BuildDatasetResult } from '../../../shared/experiments/blackbox.ts';
import type { ProgressEvent } from '../../../shared/progress.ts';
import { LabError } from '../../../shared/result.ts';
import { openBackgrounds } from '../../data/background-sources.ts';
import { drawBox, pasteBox } from '../../data/black-box.ts';
import { writeDatasetFiles } from '../../data/dataset-files.ts';
import { makeRng, permutation, subSeed } from '../../data/prng.ts';

export async function buildDataset(job: BuildDatasetJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<BuildDatasetResult> {
  const { config, stagingDir } = job;
  const { size, count, seed } = config;
  const backgrounds = await openBackgrounds(config.source, size, seed, (done, total, stage) => emit({ type: 'progress', done, total, stage }), { isCancelled });
  const per = size * size * 3;
  const pixels = new Uint8Array(count * per);
  const withBox = new Set(permutation(count, makeRng(subSeed(seed, 2, 0))).slice(0, Math.floor(count / 2)));
  const items: DatasetItem[] = [];
  let candidate = 0;
  let lastEmit = 0;
  for (let i = 0; i < count; i++) {
    if (isCancelled()) throw new LabError('cancelled', 'dataset build cancelled');
    let rgb: Uint8Array | null = null;
    let origin = '';
    while (rgb === null) {
      if (candidate >= backgrounds.available) {
        throw new LabError('bad-input', `${backgrounds.description}: only ${i} readable images for the ${count} asked (${backgrounds.skipped.length} skipped)`);
      }
      origin = backgrounds.originOf(candidate);
      rgb = await backgrounds.draw(candidate++);
    }
    let box = null;
    if (withBox.has(i)) {
      box = drawBox(size, config.boxMinFraction, config.boxMaxFraction, makeRng(subSeed(seed, 3, i)));
      pasteBox(rgb, size, box);
    }
    pixels.set(rgb, i * per);
    items.push({ label: box === null ? 0 : 1, box, origin });
    if (Date.now() - lastEmit > 100 || i === count - 1) {
      lastEmit = Date.now();
      emit({ type: 'progress', done: i + 1, total: count, stage: 'building images' });
    }
  }
  writeDatasetFiles(stagingDir, pixels, items);
  return { sourceDescription: backgrounds.description, withBox: withBox.size, withoutBox: count - withBox.size, skipped: backgrounds.skipped };
}
