/** The model randomisation sanity check's worker call (issue 18): one (mode, step) of the analysis per call. */
import type { Handlers } from '../../handler.ts';
import { randomisationStep } from './randomisation-step.ts';

export const randomisationHandlers = { randomisationStep } satisfies Handlers<'randomisationStep'>;
