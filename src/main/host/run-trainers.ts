/**
 * Which trainer trains a run, by the `model` its config names: one line per model; each kind's trainer lives
 * in its folder (the classifier of experiment 1, the VAE of experiment 2).
 */
import type { RunConfig } from '../../shared/run.ts';
import type { Trainer } from './trainer.ts';
import { trainClassifier } from './experiments/blackbox/train-classifier.ts';
import { trainVae } from './experiments/vae-concept/train-vae.ts';

/** A pretrained model's run (experiment 3) has nothing to train or resume. */
const nothingToTrain: Trainer<Extract<RunConfig, { model: 'pretrained' }>> = async ({ run }) => ({
  ok: false,
  error: { kind: 'bad-input', message: `run "${run.id}" explains a pretrained ${run.config.architecture}; there is nothing to train or resume` },
});

export const RUN_TRAINERS: { [M in RunConfig['model']]: Trainer<Extract<RunConfig, { model: M }>> } = {
  'blackbox-cnn': trainClassifier,
  vae: trainVae,
  pretrained: nothingToTrain,
};

export function trainerFor(config: RunConfig): Trainer<RunConfig> {
  return RUN_TRAINERS[config.model] as Trainer<RunConfig>;
}
