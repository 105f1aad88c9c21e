/** A small seeded PRNG (mulberry32): datasets, splits and shuffles repeat exactly for a given seed. */
export interface Rng {
  next(): number; // uniform [0, 1)
  int(lo: number, hi: number): number; // uniform integer in [lo, hi]
  normal(): number;
}

export function makeRng(seed: number): Rng {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: () => {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}

/** Seed for item i of a stream: independent streams per purpose, stable under resume. */
export function subSeed(seed: number, stream: number, i: number): number {
  return (Math.imul(seed ^ 0x85ebca6b, 0x27d4eb2f) ^ Math.imul(stream + 1, 0x165667b1) ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
}

/** Fisher–Yates shuffle of 0..n−1. */
export function permutation(n: number, rng: Rng): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
