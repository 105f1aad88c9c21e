/**
 * The colour an occluding patch is filled with, per image: chosen in raw [0, 1] units (the image's own
 * mean colour, or one grey level) and put through the run's preprocessing, so a patch is a colour the
 * model could have seen, whatever its input encoding.
 */
import { OCCLUSION_FILL_MEAN, type OcclusionFill } from '../../../shared/experiments/controls.ts';
import { TRAIN_PREPROCESSING_PRESET, type TrainPreprocessing } from '../../../shared/run.ts';
import { applyPreset } from '../../training/model-input.ts';

/** Model-space fill colours [N, 3] for the dataset images `indices` (raw uint8 RGB `pixels`). */
export function occlusionFillColours(pixels: Uint8Array, indices: readonly number[], size: number, fill: OcclusionFill, preprocessing: TrainPreprocessing): Float32Array {
  const raw = new Float32Array(indices.length * 3);
  const per = size * size * 3;
  indices.forEach((index, n) => {
    for (let c = 0; c < 3; c++) {
      if (fill !== OCCLUSION_FILL_MEAN) {
        raw[n * 3 + c] = fill;
        continue;
      }
      let sum = 0;
      for (let i = index * per + c; i < (index + 1) * per; i += 3) sum += pixels[i];
      raw[n * 3 + c] = sum / 255 / (size * size);
    }
  });
  return applyPreset(raw, TRAIN_PREPROCESSING_PRESET[preprocessing]);
}
