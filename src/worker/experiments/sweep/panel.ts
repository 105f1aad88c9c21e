/**
 * Binned mean |S| by raw input value for the suppressed-point sweep (issue 9), with the one binning rule
 * of src/shared/binning.ts. Element-wise: each map entry is set against the raw value of the same pixel's
 * same colour channel, so a per-channel zero point (torchvision, caffe) is not blurred by a channel mean.
 */
import { MeanAbsBins, binIndex, lowestBinIndex } from '../../../shared/binning.ts';
import { PREPROCESSING_PRESETS, type PreprocessingId, zeroPoint } from '../../../shared/preprocessing.ts';
import { SWEEP_METHODS, type SweepMethod, type SweepMethodNumbers, type SweepPanel } from '../../../shared/sweep.ts';

/**
 * Mean |S| per bin of the raw input value. `raw` is RGB in [0, 1], interleaved […, 3]; `map` has the
 * model's channel order, `bgr` when the preset swapped R and B before the model saw them.
 * @example rawValueBins(new Float32Array([0, 0, 0, 1, 1, 1]), new Float32Array([0, 0, 0, 2, -2, 2]), 2, 1).meanAbsS // [0, 2]
 */
export function rawValueBins(raw: Float32Array, map: Float32Array, binCount: number, minCount: number, order: 'rgb' | 'bgr' = 'rgb'): SweepMethodNumbers & { counts: number[]; edges: number[]; centres: number[] } {
  if (!(Number.isInteger(binCount) && binCount >= 2)) throw new RangeError(`bins: expected an integer ≥ 2, got ${binCount}`);
  if (raw.length !== map.length || raw.length % 3 !== 0) throw new RangeError(`input (${raw.length}) and map (${map.length}) must be the same [..., 3] size`);
  const bins = new MeanAbsBins(binCount);
  for (let i = 0; i < map.length; i += 3) {
    for (let c = 0; c < 3; c++) bins.add(raw[i + (order === 'bgr' ? 2 - c : c)], map[i + c]);
  }
  const b = bins.result();
  const lowest = lowestBinIndex(b.meanAbsS, b.counts, minCount);
  return {
    meanAbsS: b.meanAbsS,
    lowestBin: lowest === null ? null : b.centres[lowest],
    meanAbsSAll: b.meanAbsSAll,
    relative: b.meanAbsS.map((v) => (v === null ? null : b.meanAbsSAll > 0 ? v / b.meanAbsSAll : NaN)),
    counts: b.counts,
    edges: b.edges,
    centres: b.centres,
  };
}

/**
 * One preset's panel from its RectGrad pair of maps (model space) and the raw inputs they explain.
 * The suppressed band is where RectGrad's level, relative to its own mean, falls furthest below No-Bias
 * RectGrad's relative level in the same bin, among bins with at least `minCount` elements. `own`: the
 * preset the model was trained on; any other is an illustration of x ⊙ R, not a measurement.
 */
export function sweepPanel(raw: Float32Array, maps: Record<SweepMethod, Float32Array>, binCount: number, minCount: number, preset: PreprocessingId, own: boolean): SweepPanel {
  const p = PREPROCESSING_PRESETS[preset];
  const binned = Object.fromEntries(SWEEP_METHODS.map((m) => [m, rawValueBins(raw, maps[m], binCount, minCount, p.order)])) as Record<SweepMethod, ReturnType<typeof rawValueBins>>;
  const { centres, edges, counts } = binned.rectgrad;
  const zp = zeroPoint(p);
  const mean = (zp[0] + zp[1] + zp[2]) / 3;
  const rect = binned.rectgrad.relative;
  const nobias = binned['nobias-rectgrad'].relative;
  const ratio = rect.map((r, k) => {
    const n = nobias[k];
    return r === null || n === null || !(n > 0) ? null : r / n;
  });
  const suppressed = lowestBinIndex(ratio, counts, minCount);
  const methods = Object.fromEntries(
    SWEEP_METHODS.map((m) => {
      const { counts: _counts, edges: _edges, centres: _centres, ...numbers } = binned[m];
      return [m, numbers];
    }),
  ) as Record<SweepMethod, SweepMethodNumbers>;
  return {
    preset,
    own,
    evidence: own ? 'measurement' : 'illustration',
    zeroPoint: mean,
    zeroPointRgb: zp,
    zeroPointBin: centres[binIndex(mean, binCount)],
    bins: centres,
    binEdges: edges,
    counts,
    minBinCount: minCount,
    methods,
    suppressedBin: suppressed === null ? null : centres[suppressed],
  };
}
