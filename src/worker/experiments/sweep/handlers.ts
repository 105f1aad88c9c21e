/** The suppressed-point sweep's worker call (issue 9): binned |S| of a trained run's RectGrad pair by raw input value. */
import type { Handlers } from '../../handler.ts';
import { sweep } from './sweep.ts';

export const sweepHandlers = { sweep } satisfies Handlers<'sweep'>;
