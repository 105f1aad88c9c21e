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
/** Writing the report (charts, example maps): a few seconds whatever the run's size. */
const REPORT_SECONDS = 3;

/**
 * Each stage's share (seconds, in the kind's stage order: dataset, training, maps, report), so the job bar
 * can give an ETA for the whole run and not only the stage under way. The report is not measured on its
 * own: it is a few seconds, small next to the others, and is not counted in blackboxExpectedSeconds.
 */
export function blackboxExpectedStageSeconds(config: BlackboxExperimentConfig): { dataset: number; training: number; maps: number; report: number } {
  const pixels = (config.dataset.size / 64) ** 2;
  const training = (config.dataset.count * (1 - config.train.testFraction) * config.train.epochs * pixels) / TRAIN_IMAGES_PER_SECOND_64;
  const explained = Math.min(config.maps.limit ?? Infinity, config.dataset.count * config.train.testFraction * BOXED_SHARE);
  const maps = config.maps.methods.length * explained * pixels * MAP_SECONDS_PER_IMAGE_64;
  return { dataset: config.dataset.count * DATASET_SECONDS_PER_IMAGE, training, maps, report: REPORT_SECONDS };
}

export function blackboxExpectedSeconds(config: BlackboxExperimentConfig): number {
  const s = blackboxExpectedStageSeconds(config);
  return s.training + s.maps + s.dataset;
}
