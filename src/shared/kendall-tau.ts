/**
 * Kendall's τ-b between two rankings of the same items (ties allowed): how far two fills agree on the
 * order of methods (issue 19). Exact: every pair is counted. Null with fewer than two items or when one
 * side ties everything (τ-b is undefined there, not 0).
 * @example kendallTauB([1, 2, 3], [1, 2, 3]) // 1
 */
export function kendallTauB(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new Error(`rankings of different lengths: ${a.length} and ${b.length}`);
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign(a[i] - a[j]);
      const db = Math.sign(b[i] - b[j]);
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA++;
      else if (db === 0) tiesB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
  return denom === 0 ? null : (concordant - discordant) / denom;
}
