/**
 * About how long a black-box experiment takes on a 2-core machine (wasm, 2 threads), from what was
 * measured there (closing notes of issues 18 and 20): training 101 img/s at 64² with batch 32, maps
 * about 0.2 s per image and method at 64² (5 methods × 100 images in about 100 s), the dataset about
 * 2 ms per image. Training and maps scale with the pixels. The full default run (4000 images, 10 epochs,
 * 5 methods × 100 images) came out at 414 s; this gives 425 s.
 */
import type { BlackboxExperimentConfig } from '../../../../shared/experiments/blackbox.ts';

const TRAIN_IMAGES_PER_SECOND_64 = 101;
const MAP_SECONDS_PER_IMAGE_64 = 0.2;
const DATASET_SECONDS_PER_IMAGE = 0.002;
/** About half the test images get a box, and only those are explained. */
const BOXED_SHARE = 0.5;

export function blackboxExpectedSeconds(config: BlackboxExperimentConfig): number {
  const pixels = (config.dataset.size / 64) ** 2;
  const train = (config.dataset.count * (1 - config.train.testFraction) * config.train.epochs * pixels) / TRAIN_IMAGES_PER_SECOND_64;
  const explained = Math.min(config.maps.limit ?? Infinity, config.dataset.count * config.train.testFraction * BOXED_SHARE);
  const maps = config.maps.methods.length * explained * pixels * MAP_SECONDS_PER_IMAGE_64;
  return train + maps + config.dataset.count * DATASET_SECONDS_PER_IMAGE;
}
