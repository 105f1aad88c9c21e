/** Experiment 3's worker calls: the maps stage of a pretrained model (the model is inspected by the core's inspectModel). */
import type { Handlers } from '../../handler.ts';
import { runModelMaps } from './pipeline.ts';

export const resnet50Handlers = { modelMaps: runModelMaps } satisfies Handlers<'modelMaps'>;
