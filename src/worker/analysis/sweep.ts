/**
 * Binned mean |S| by raw input value (issue 9's suppressed-point sweep; layout of the bins in
 * src/shared/sweep.ts). Element-wise: each map entry is set against the raw value of the same pixel's
 * same colour channel, so a per-channel zero point (torchvision, caffe) is not blurred by a channel mean.
 */
import { PREPROCESSING_PRESETS, type PreprocessingId, zeroPoint } from '../../shared/preprocessing.ts';
import { SWEEP_METHODS, type SweepMethod, type SweepMethodNumbers, type SweepPanel } from '../../shared/sweep.ts';

/** Centres 0, 1/(B − 1), …, 1 of B equal bins. */
export function binCentres(binCount: number): number[] {
  return Array.from({ length: binCount }, (_, k) => k / (binCount - 1));
}

/** The bin of a raw value: the nearest centre (values outside [0, 1] go to the end bins). */
export function binOf(value: number, binCount: number): number {
  return Math.min(binCount - 1, Math.max(0, Math.round(value * (binCount - 1))));
}

/**
 * Mean |S| per bin of the raw input value. `raw` is RGB in [0, 1], interleaved […, 3]; `map` has the
 * model's channel order, `bgr` when the preset swapped R and B before the model saw them.
 * @example binnedMeanAbs(new Float32Array([0, 0, 0, 1, 1, 1]), new Float32Array([0, 0, 0, 2, -2, 2]), 2).meanAbsS // [0, 2]
 */
export function binnedMeanAbs(raw: Float32Array, map: Float32Array, binCount: number, order: 'rgb' | 'bgr' = 'rgb'): SweepMethodNumbers & { counts: number[] } {
  if (!(Number.isInteger(binCount) && binCount >= 2)) throw new RangeError(`bins: expected an integer ≥ 2, got ${binCount}`);
  if (raw.length !== map.length || raw.length % 3 !== 0) throw new RangeError(`input (${raw.length}) and map (${map.length}) must be the same [..., 3] size`);
  const sums = new Float64Array(binCount);
  const counts = new Array<number>(binCount).fill(0);
  let total = 0;
  for (let i = 0; i < map.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      const source = order === 'bgr' ? 2 - c : c;
      const k = binOf(raw[i + source], binCount);
      const a = Math.abs(map[i + c]);
      sums[k] += a;
      counts[k]++;
      total += a;
    }
  }
  const centres = binCentres(binCount);
  const meanAbsSAll = map.length > 0 ? total / map.length : NaN;
  const meanAbsS = counts.map((n, k) => (n > 0 ? sums[k] / n : null));
  let lowest = -1;
  for (let k = 0; k < binCount; k++) {
    const v = meanAbsS[k];
    if (v !== null && (lowest < 0 || v < (meanAbsS[lowest] as number))) lowest = k;
  }
  return {
    meanAbsS,
    lowestBin: lowest < 0 ? NaN : centres[lowest],
    meanAbsSAll,
    relative: meanAbsS.map((v) => (v === null ? null : meanAbsSAll > 0 ? v / meanAbsSAll : NaN)),
    counts,
  };
}

/**
 * One preset's panel from its RectGrad pair of maps (model space) and the raw inputs they explain.
 * The suppressed band is where RectGrad's level, relative to its own mean, falls furthest below No-Bias
 * RectGrad's relative level in the same bin.
 */
export function sweepPanel(raw: Float32Array, maps: Record<SweepMethod, Float32Array>, binCount: number, preset: PreprocessingId, own: boolean): SweepPanel {
  const p = PREPROCESSING_PRESETS[preset];
  const binned = Object.fromEntries(SWEEP_METHODS.map((m) => [m, binnedMeanAbs(raw, maps[m], binCount, p.order)])) as Record<SweepMethod, ReturnType<typeof binnedMeanAbs>>;
  const centres = binCentres(binCount);
  const zp = zeroPoint(p);
  const mean = (zp[0] + zp[1] + zp[2]) / 3;
  const rect = binned.rectgrad.relative;
  const nobias = binned['nobias-rectgrad'].relative;
  let suppressed = -1;
  let best = Infinity;
  for (let k = 0; k < binCount; k++) {
    const r = rect[k];
    const n = nobias[k];
    if (r === null || n === null || !(n > 0)) continue;
    if (r / n < best) {
      best = r / n;
      suppressed = k;
    }
  }
  const methods = Object.fromEntries(
    SWEEP_METHODS.map((m) => {
      const { counts: _counts, ...numbers } = binned[m];
      return [m, numbers];
    }),
  ) as Record<SweepMethod, SweepMethodNumbers>;
  return {
    preset,
    own,
    zeroPoint: mean,
    zeroPointRgb: zp,
    zeroPointBin: centres[binOf(mean, binCount)],
    bins: centres,
    counts: binned.rectgrad.counts,
    methods,
    suppressedBin: suppressed < 0 ? null : centres[suppressed],
  };
}
