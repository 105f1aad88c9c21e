/**
 * The colour scale of each map in one row of a maps table. The row is the unit because `shared-row`
 * scales every method's map of an image to one maximum, so no map's range can be computed alone; the
 * result binds straight onto a map canvas (`v-bind="scales[k]"`: max, sign, scaleText, modeText).
 */
import { computed, type ComputedRef } from 'vue';
import { describeScale, scaleMaxima, scaleModeShort, type ScaleSign, type ScaleSpec } from '../shared/color-scale.ts';

export interface CellScale {
  max: number;
  sign: ScaleSign;
  /** The scale in words, for exported figures and the colour bar's hover. */
  scaleText: string;
  /** The mode alone, under the colour bar, which already shows the range. */
  modeText: string;
}

/** One CellScale per map of the row, in the maps' order; a map not yet loaded counts as empty. */
export function useRowScales(maps: () => ReadonlyArray<{ values: ArrayLike<number> } | null>, scale: () => ScaleSpec): ComputedRef<CellScale[]> {
  return computed(() => {
    const spec = scale();
    const modeText = scaleModeShort(spec);
    return scaleMaxima(maps().map((m) => m?.values ?? []), spec).map((max) => ({ max, sign: spec.sign, scaleText: describeScale(spec, max), modeText }));
  });
}
