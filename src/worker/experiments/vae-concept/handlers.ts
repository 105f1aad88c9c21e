/** Experiment 2's worker calls (faces, VAE, concept saliency), in the order the host runs them. */
import type { Handlers } from '../../handler.ts';
import { buildFaces } from './build-faces.ts';
import { trainVaeHandler } from './train-vae.ts';
import { concept } from './concept-job.ts';
import { conceptMaps } from './concept-maps.ts';

export const vaeConceptHandlers = { buildFaces, trainVae: trainVaeHandler, concept, conceptMaps } satisfies Handlers<'buildFaces' | 'trainVae' | 'concept' | 'conceptMaps'>;
