/**
 * What the black-box classifier is fed (issue 9, METHODS.md pitfall 3): the dataset's raw uint8 pixels
 * scaled to [0, 1], then the run's preprocessing. Training, evaluation, predictions and maps all come
 * through here, so a model never sees one scaling in training and another when explained.
 */
import { PREPROCESSING_PRESETS, type PreprocessingId, preprocess } from '../../shared/preprocessing.ts';
import { TRAIN_PREPROCESSING_PRESET, type TrainPreprocessing } from '../../shared/run.ts';
import { toUnitFloat } from '../data/dataset-files.ts';

/** Raw [0, 1] RGB → a preset's model space, in place; `unit` leaves it as is (black stays exactly 0). */
export function applyPreset(raw: Float32Array, preset: PreprocessingId): Float32Array {
  return preset === 'unit' ? raw : preprocess(raw, PREPROCESSING_PRESETS[preset], raw);
}

/** Images `indices` of a dataset as the model sees them under `preprocessing`, [N, size, size, 3]. */
export function toModelInput(pixels: Uint8Array, indices: readonly number[], size: number, preprocessing: TrainPreprocessing): Float32Array {
  return applyPreset(toUnitFloat(pixels, indices, size), TRAIN_PREPROCESSING_PRESET[preprocessing]);
}
