/** The control maps' worker call (issue 18, analysis 2): one control's metrics on a trained run's test images. */
import type { Handlers } from '../../handler.ts';
import { controlMaps } from './control-job.ts';

export const controlsHandlers = { controlMaps } satisfies Handlers<'controlMaps'>;
