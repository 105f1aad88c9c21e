import type { Handlers } from '../../handler.ts';
import { faithfulnessFill } from './faithfulness-job.ts';

/** The faithfulness analysis' worker call (issue 19). */
export const faithfulnessHandlers = { faithfulnessFill } satisfies Handlers<'faithfulnessFill'>;
