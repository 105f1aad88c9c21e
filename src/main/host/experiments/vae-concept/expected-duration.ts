/**
 * About how long a VAE concept experiment takes on a 2-core machine (wasm, 2 threads), scaled from what
 * was measured there (README): the default (10,000 faces of 64², 3 epochs, cpu preset) in about 7 min,
 * `--quick` (2,000 faces, 4 epochs) in about 1 min 45 s; the time goes with faces × epochs and pixels.
 * The reference preset's wider network is slower than its pixels alone say: its figure is a lower bound.
 */
import type { VaeConceptExperimentConfig } from '../../../../shared/experiments/vae-concept.ts';

const DEFAULT_SECONDS = 420;
const DEFAULT_FACE_EPOCHS = 10_000 * 3;

export function vaeExpectedSeconds(config: VaeConceptExperimentConfig): number {
  return (DEFAULT_SECONDS * config.dataset.count * config.train.epochs * (config.dataset.size / 64) ** 2) / DEFAULT_FACE_EPOCHS;
}
