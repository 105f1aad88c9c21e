/** Field schemas for imported models (issue 9): the graph a Keras ResNet .h5 file is built on (issue 15). */
import { z } from 'zod';
import { KERAS_GRAPHS } from '../models.ts';
import { show } from './check.ts';

export const KerasGraphSchema = z.enum(KERAS_GRAPHS, { error: (iss) => `expected ${KERAS_GRAPHS.join(' or ')}, got ${show(iss.input)}` });
