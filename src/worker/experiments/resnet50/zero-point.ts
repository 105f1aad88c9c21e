/**
 * Experiment 3's numbers (paper Fig. 3, METHODS.md): how a map treats the preprocessing's zero point.
 * Element-wise (each pixel's channel), distance to the zero point in raw pixel units:
 *   d = |raw_c − z_c| ∈ [0, 1], with z the raw value the preset maps to 0 (zeroPoint());
 * binned by the one rule of src/shared/binning.ts (B equal bins of [0, 1], "lowest" only among bins with
 * enough elements). RectGrad's final × input makes an element exactly 0 where its model-space value is 0,
 * i.e. at d = 0, whatever the preset.
 */
import { DEFAULT_MIN_BIN_COUNT, MeanAbsBins, lowestBinIndex } from '../../../shared/binning.ts';
import { firstNonFinite } from '../../../shared/finite.ts';
import { PREPROCESSING_PRESETS, type PreprocessingId, zeroPoint } from '../../../shared/preprocessing.ts';
import { quantile, spearman } from '../../../shared/statistics.ts';

export interface ZeroPointNumbers {
  /** Bin centres and the B + 1 edges of the distance to the zero point (raw units). */
  bins: number[];
  binEdges: number[];
  /** Mean |S| per bin; null where the bin is empty. */
  meanAbsS: Array<number | null>;
  counts: number[];
  meanAbsSAll: number;
  /**
   * Mean |S| of the elements in the bin nearest the zero point (d < 1/B), divided by the mean |S| of all
   * elements, pooled over every image: 0 means the map is blind at the zero point, 1 means it treats it
   * like any other value. Null when no element falls in that bin.
   */
  zeroPointSuppression: number | null;
  /** Centre of the bin with the lowest mean |S| among bins with ≥ minCount elements (null when none has). */
  lowestBin: number | null;
  /**
   * Median over images of Spearman's ρ between Σ_c |S| and the pixel's mean distance to the zero point
   * (positive: the map favours pixels far from the zero point, METHODS.md input bias), over the images
   * where ρ is defined.
   */
  intensitySpearman: number;
  /** Images with a defined ρ, out of `count`: a constant map (all zero) has none, and is counted out here, not dropped silently. */
  intensitySpearmanN: number;
  /**
   * Images whose map holds NaN or ±Inf (issue 16): left out of every number above (bins, suppression,
   * lowest bin, ρ), never averaged in; when every map is non-finite there is no number at all.
   */
  nonFiniteImages: number[];
}

/** `raw`: RGB [0, 1], [N, H, W, 3]; `map`: the model's channel order (BGR for caffe), same size. */
export function zeroPointNumbers(raw: Float32Array, map: Float32Array, count: number, preset: PreprocessingId, binCount = 10, minCount = DEFAULT_MIN_BIN_COUNT): ZeroPointNumbers {
  const p = PREPROCESSING_PRESETS[preset];
  const z = zeroPoint(p);
  const bins = new MeanAbsBins(binCount);
  const per = raw.length / count;
  const rhos: number[] = [];
  const nonFiniteImages: number[] = [];
  for (let n = 0; n < count; n++) {
    if (firstNonFinite(map, n * per, (n + 1) * per) !== null) {
      nonFiniteImages.push(n);
      continue;
    }
    const pixels = per / 3;
    const a = new Float64Array(pixels);
    const d = new Float64Array(pixels);
    for (let q = 0; q < pixels; q++) {
      const o = n * per + q * 3;
      for (let c = 0; c < 3; c++) {
        const src = p.order === 'bgr' ? 2 - c : c;
        const dist = Math.abs(raw[o + src] - z[src]);
        const s = Math.abs(map[o + c]);
        bins.add(dist, s);
        a[q] += s;
        d[q] += dist / 3;
      }
    }
    const rho = spearman(a, d);
    if (Number.isFinite(rho)) rhos.push(rho);
  }
  const { centres, edges, counts, meanAbsS, meanAbsSAll } = bins.result();
  const lowest = lowestBinIndex(meanAbsS, counts, minCount);
  return {
    bins: centres,
    binEdges: edges,
    meanAbsS,
    counts,
    meanAbsSAll,
    zeroPointSuppression: meanAbsS[0] === null || !(meanAbsSAll > 0) ? null : meanAbsS[0] / meanAbsSAll,
    lowestBin: lowest === null ? null : centres[lowest],
    intensitySpearman: rhos.length > 0 ? quantile(rhos, 0.5) : NaN,
    intensitySpearmanN: rhos.length,
    nonFiniteImages,
  };
}

/**
 * Fig. 3b for one image: preprocessed input (channel mean, model space, where 0 is the zero point)
 * against the map summed over channels, at most `maxPoints` pixels on a fixed stride.
 */
export function scatterPoints(x: Float32Array, map: Float32Array, image: number, pixels: number, maxPoints = 1500): { x: number[]; s: number[] } {
  const stride = Math.max(1, Math.ceil(pixels / maxPoints));
  const xs: number[] = [];
  const ss: number[] = [];
  for (let q = 0; q < pixels; q += stride) {
    const o = (image * pixels + q) * 3;
    xs.push(Math.fround((x[o] + x[o + 1] + x[o + 2]) / 3));
    ss.push(Math.fround(map[o] + map[o + 1] + map[o + 2]));
  }
  return { x: xs, s: ss };
}
