/**
 * The images a trained black-box run's maps explain: its own test split (recovered from its seed and test
 * fraction), only the images with a box, the first `limit` of them, as the model saw them (the run's
 * preprocessing), with each box's mask. The run's maps and every analysis of the run (issue 18) take
 * them from here, so they explain the same images in the same order.
 */
import type { TrainPreprocessing } from '../../../shared/run.ts';
import { type LoadedDataset, loadDatasetFiles } from '../../data/dataset-files.ts';
import { boxMask } from '../../data/black-box.ts';
import { stratifiedSplit } from '../../training/split.ts';
import { toModelInput } from '../../training/model-input.ts';

export interface ExplainedImagesJob {
  datasetDir: string;
  datasetSize: number;
  testFraction: number;
  /** The run's seed: its split. */
  seed: number;
  /** At most this many test images with a box (all when undefined). */
  limit?: number;
  /** The run's input preprocessing (issue 9); 'unit' when absent. */
  preprocessing?: TrainPreprocessing;
}

export interface ExplainedImages {
  data: LoadedDataset;
  /** Dataset indices of the explained images. */
  indices: number[];
  /** Image side in pixels. */
  size: number;
  /**
   * The model-space input [N, size, size, 3]: maps are of what the model saw, and |x| there is the
   * distance to the preprocessing's zero point, which the intensity metrics use (METHODS.md "Metrics").
   */
  x: Float32Array;
  shape: number[];
  /** Each image's box, 1 inside [size·size]. */
  masks: Uint8Array[];
}

export function explainedImages(job: ExplainedImagesJob): ExplainedImages {
  const data = loadDatasetFiles(job.datasetDir, job.datasetSize);
  const indices = runTestIndices(data, job).filter((i) => data.items[i].box !== null).slice(0, job.limit);
  return imagesAt(data, indices, job.preprocessing);
}

/** The run's test split (dataset indices, in the split's order), recovered from its seed and test fraction. */
export function runTestIndices(data: LoadedDataset, job: Pick<ExplainedImagesJob, 'testFraction' | 'seed'>): number[] {
  return stratifiedSplit(data.items.map((i) => i.label), job.testFraction, job.seed).test;
}

/**
 * Any images of the dataset, named by index (train or test, with a box or without: issue 21's
 * "Explain this"), as the model saw them, each with its box mask (all 0 without a box).
 */
export function imagesAt(data: LoadedDataset, indices: number[], preprocessing: TrainPreprocessing = 'unit'): ExplainedImages {
  const size = data.size;
  return {
    data,
    indices,
    size,
    x: toModelInput(data.pixels, indices, size, preprocessing),
    shape: [indices.length, size, size, 3],
    masks: indices.map((i) => boxMask(size, data.items[i].box)),
  };
}
