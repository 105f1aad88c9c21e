/** "did you mean --epochs?": the closest known name to a mistyped one, or null when none is close. */

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** Within 2 edits (1 for names of up to 4 letters), or one name the other starts; ties go to the first. */
export function closestName(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.startsWith(name) || name.startsWith(k) ? Math.min(1, editDistance(name, k)) : editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const limit = name.length <= 4 ? 1 : 2;
  return best !== null && bestDistance <= limit && bestDistance > 0 ? best : null;
}

/** `; did you mean --epochs?`, or '' when nothing is close. */
export function didYouMean(name: string, known: readonly string[], prefix = ''): string {
  const c = closestName(name, known);
  return c === null ? '' : `; did you mean ${prefix}${c}?`;
}
