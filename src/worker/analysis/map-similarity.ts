/**
 * How alike two saliency maps of one image are (METHODS.md "Similarity of two maps", used by the model
 * randomisation sanity checks of Adebayo et al. 2018): Spearman ρ of |S|, SSIM of |S| scaled to [0, 1] by
 * its own max, and the overlap of the k pixels of largest |S|. S is a map summed over channels, [H·W]
 * row-major. A map whose |S| is the same everywhere (0 everywhere included) ranks no pixel above another,
 * so none of the three says anything about it: the pair is "not comparable" (null), never a number.
 */
import { firstNonFinite } from '../../shared/finite.ts';
import { spearman } from '../../shared/statistics.ts';

/** SSIM as Wang et al. (2004) define it: a Gaussian window of σ = 1.5 px cut at 11 × 11, K1 = 0.01, K2 = 0.03. */
export const SSIM_SIGMA = 1.5;
export const SSIM_RADIUS = 5;
const K1 = 0.01;
const K2 = 0.03;
/** Maps are scaled to [0, 1], so the dynamic range L is 1. */
const RANGE = 1;

function absOf(s: ArrayLike<number>): Float64Array {
  return Float64Array.from(s, Math.abs);
}

/** |S| / max |S|, or null for a map that is 0 everywhere (it has no scale). */
export function normalisedAbs(s: ArrayLike<number>): Float64Array | null {
  const a = absOf(s);
  const max = a.reduce((m, v) => Math.max(m, v), 0);
  if (!(max > 0)) return null;
  for (let i = 0; i < a.length; i++) a[i] /= max;
  return a;
}

/** Spearman ρ of |a| and |b| over pixels; NaN when either |·| is constant (no ranking to correlate). */
export function absSpearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return spearman(absOf(a), absOf(b));
}

/** The normalised 1-D Gaussian of SSIM_SIGMA, radius r (separable: the 2-D window is its outer product). */
function gaussian(radius: number): Float64Array {
  const w = Float64Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * SSIM_SIGMA ** 2)));
  const sum = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / sum);
}

/** Window-weighted means of `v` at every position where the whole window fits ('valid'): [(H − 2r) × (W − 2r)]. */
function filterValid(v: Float64Array, width: number, height: number, w: Float64Array): Float64Array {
  const r = (w.length - 1) / 2;
  const ow = width - 2 * r;
  const oh = height - 2 * r;
  const rows = new Float64Array(height * ow);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let i = 0; i < w.length; i++) s += w[i] * v[y * width + x + i];
      rows[y * ow + x] = s;
    }
  }
  const out = new Float64Array(oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let i = 0; i < w.length; i++) s += w[i] * rows[(y + i) * ow + x];
      out[y * ow + x] = s;
    }
  }
  return out;
}

/**
 * Mean SSIM of two images with values in [0, 1] (Wang et al. 2004, eq. 13), over the positions where the
 * whole window lies inside the image (no padding: edges are not invented). The window is SSIM_RADIUS
 * around its centre, smaller only for an image under 11 px on a side (its largest odd square that fits).
 * Local (co)variances are the window-weighted ones, without a sample-size correction, as Wang et al.
 */
export function ssimUnit(x: ArrayLike<number>, y: ArrayLike<number>, width: number, height: number): number {
  if (x.length !== width * height || y.length !== width * height) throw new Error(`ssim: maps of ${x.length} and ${y.length} values for a ${width} × ${height} image`);
  const radius = Math.min(SSIM_RADIUS, Math.floor((Math.min(width, height) - 1) / 2));
  const w = gaussian(radius);
  const a = Float64Array.from(x);
  const b = Float64Array.from(y);
  const mx = filterValid(a, width, height, w);
  const my = filterValid(b, width, height, w);
  const mxx = filterValid(a.map((v) => v * v), width, height, w);
  const myy = filterValid(b.map((v) => v * v), width, height, w);
  const mxy = filterValid(a.map((v, i) => v * b[i]), width, height, w);
  const c1 = (K1 * RANGE) ** 2;
  const c2 = (K2 * RANGE) ** 2;
  let sum = 0;
  for (let i = 0; i < mx.length; i++) {
    const vx = mxx[i] - mx[i] * mx[i];
    const vy = myy[i] - my[i] * my[i];
    const cxy = mxy[i] - mx[i] * my[i];
    sum += ((2 * mx[i] * my[i] + c1) * (2 * cxy + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
  }
  return sum / mx.length;
}

/**
 * Each pixel's chance of being among the k of largest value when the ties at the k-th value are broken
 * uniformly at random: 1 above it, (places left) / (tied pixels) at it, 0 below.
 */
function topKInclusion(v: Float64Array, k: number): Float64Array {
  const kth = Float64Array.from(v).sort()[v.length - k];
  let above = 0;
  let tied = 0;
  for (const x of v) {
    if (x > kth) above++;
    else if (x === kth) tied++;
  }
  const share = (k - above) / tied;
  return v.map((x) => (x > kth ? 1 : x === kth ? share : 0));
}

/**
 * |top-k(|a|) ∩ top-k(|b|)| / k. Ties at the k-th value never fall back on raster order: the overlap is its
 * expectation when each map's ties are broken uniformly at random and independently, Σ_p P(p ∈ A)·P(p ∈ B) / k,
 * a deterministic number (two maps without ties at the boundary give the plain count).
 */
export function topKOverlap(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  if (a.length !== b.length) throw new Error(`top-k overlap: maps of ${a.length} and ${b.length} pixels`);
  if (!(Number.isInteger(k) && k >= 1 && k <= a.length)) throw new Error(`top-k overlap: k = ${k} for ${a.length} pixels`);
  const pa = topKInclusion(absOf(a), k);
  const pb = topKInclusion(absOf(b), k);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += pa[i] * pb[i];
  return sum / k;
}

export interface MapSimilarity {
  spearman: number;
  ssim: number;
  topK: number;
}

/**
 * The three measures for one image's pair of maps S [width × height], with top-k over k pixels; null
 * when the pair is not comparable: either |S| is constant (0 everywhere included) or holds NaN or ±Inf.
 */
export function mapSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, k: number): MapSimilarity | null {
  if (firstNonFinite(a) !== null || firstNonFinite(b) !== null) return null;
  const rho = absSpearman(a, b);
  const na = normalisedAbs(a);
  const nb = normalisedAbs(b);
  if (Number.isNaN(rho) || na === null || nb === null) return null;
  return { spearman: rho, ssim: ssimUnit(na, nb, width, height), topK: topKOverlap(a, b, k) };
}
