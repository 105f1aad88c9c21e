/** The training curves' smoothing and log scale, shared by the live chart and the compare view (as TensorBoard keeps one setting). */
import { ref } from 'vue';
import { DEFAULT_SMOOTHING } from '../../shared/chart-options/run-curves.ts';

export const curveSmoothing = ref(DEFAULT_SMOOTHING);
export const curveLogY = ref(false);
