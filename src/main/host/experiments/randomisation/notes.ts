/**
 * The randomisation analysis' notes: what its rows cannot show on their own. Where a measure is undefined
 * (a map with a constant |S|, 0 everywhere included) and for how many images; a step 0 that is not 1
 * (maps that are not deterministic would make every later step meaningless); where the gradient lands at
 * full randomisation (issue 18: "say where it lands"); and the RectGrad pair along the cascade, whatever
 * it shows (Sixt et al. 2020 found RectGrad nearly insensitive to randomising later layers).
 */
import type { MethodSimilarity, RandomisationMode, RandomisationRow } from '../../../../shared/experiments/randomisation.ts';
import { RECTGRAD_PAIR } from '../../../../shared/experiments/analysis-common.ts';

interface NotesInput {
  rows: RandomisationRow[];
  /** Weighted layers, logits first. */
  topDown: string[];
  modes: readonly RandomisationMode[];
  /** The measurements of a mode's step k. */
  at: (mode: RandomisationMode, k: number) => { methods: MethodSimilarity[] };
  /** A mode's last step, and the `layer` of its step k (randomisation-plan's). */
  lastStep: (mode: RandomisationMode) => number;
  layerOf: (mode: RandomisationMode, k: number) => string;
  notHonoured: string[];
}

const v = (x: number | null) => (x === null ? 'undefined' : x.toFixed(2));

export function randomisationNotes({ rows, topDown, modes, at, lastStep, layerOf, notHonoured }: NotesInput): string[] {
  const notes: string[] = [];
  const full = topDown.length;
  const methods = [...new Set(rows.map((r) => r.method))];
  const row = (mode: RandomisationMode, step: number, method: string) => rows.find((r) => r.mode === mode && r.step === step && r.method === method);

  const unstable = rows.filter((r) => r.step === 0 && r.mode === modes[0] && [r.spearman, r.ssim, r.topK].some((x) => x === null || Math.abs(x - 1) > 1e-6));
  for (const r of unstable) {
    notes.push(`step 0: ${r.method}'s maps from the trained model loaded again differ from its first maps (Spearman ${v(r.spearman)}, SSIM ${v(r.ssim)}, top-k ${v(r.topK)}; n = ${r.n}): they are not deterministic, so its later steps mix that noise in`);
  }

  for (const mode of modes) {
    for (const method of methods) {
      const gaps: string[] = [];
      for (let k = 0; k <= lastStep(mode); k++) {
        const m = at(mode, k).methods.find((x) => x.method === method);
        if (m === undefined || m.n === m.images) continue;
        const zeros = m.allZeroTrained + m.allZeroRandomised > 0 ? `, maps 0 everywhere: ${m.allZeroTrained} trained, ${m.allZeroRandomised} randomised` : '';
        gaps.push(`step ${k} (${k === 0 ? 'trained' : layerOf(mode, k)}): n = ${m.n} of ${m.images}${zeros}`);
      }
      if (gaps.length > 0) notes.push(`${mode}, ${method}: the measures are undefined for an image whose map has a constant |S| (0 everywhere included), so those images are left out: ${gaps.join('; ')}`);
    }
  }

  if (modes.includes('cascading')) {
    const g = row('cascading', full, 'gradient');
    if (g !== undefined) {
      notes.push(`gradient at full cascading randomisation (all ${full} weighted layers re-initialised): Spearman ${v(g.spearman)}, SSIM ${v(g.ssim)}, top-k ${v(g.topK)} (medians, n = ${g.n} of ${g.images})`);
    }
    for (const method of RECTGRAD_PAIR) {
      if (row('cascading', 0, method) === undefined) continue;
      const path = Array.from({ length: full + 1 }, (_, k) => `${v(row('cascading', k, method)?.spearman ?? null)}${k === 0 ? '' : ` (${topDown[k - 1]})`}`);
      notes.push(`${method}, Spearman along the cascade: ${path.join(' → ')}`);
    }
  }

  if (modes.includes('labels')) {
    const summary = methods.map((method) => `${method} ${v(row('labels', 1, method)?.spearman ?? null)}`).join(', ');
    notes.push(`data randomisation (the recipe on shuffled labels), Spearman against the trained model's maps: ${summary}`);
  }

  for (const line of new Set(notHonoured)) notes.push(`not as the method asks: ${line}`);
  return notes;
}
