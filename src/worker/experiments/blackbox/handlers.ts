/** Experiment 1's worker calls (the black box): build the dataset, train the classifier, compute its maps, explain one image on demand. */
import type { Handlers } from '../../handler.ts';
import { buildDataset } from './build-dataset.ts';
import { train } from './train.ts';
import { computeMaps } from './compute-maps.ts';
import { explainImage } from './explain-image.ts';

export const blackboxHandlers = { buildDataset, train, computeMaps, explainImage } satisfies Handlers<'buildDataset' | 'train' | 'computeMaps' | 'explainImage'>;
