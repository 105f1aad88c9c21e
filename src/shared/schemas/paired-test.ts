/**
 * Stored paired comparisons (runs/<id>/saliency/comparisons.json, concept-maps/comparisons.json), read back
 * as today's PairedTest whatever version wrote them: runs stored before issue 7 lack the pair counts, and
 * runs stored before issue 15 wrote "p = 1" where there was no test. Such a p is not shown: it becomes null
 * with the reason the counts give (issue 15, item 5).
 */
import { z } from 'zod';
import { NO_TEST_REASONS, type PairedTest, noTestReason } from '../paired-test.ts';

const count = z.int().min(0);
/** JSON writes NaN as null. */
const numberOrNaN = z
  .number()
  .nullable()
  .transform((v) => v ?? NaN);

/** One stored comparison of `metric` (each file holds one metric's). */
export function storedPairedTestSchema<M extends string>(metric: M) {
  return z
    .object({
      a: z.string(),
      b: z.string(),
      metric: z.literal(metric),
      pairs: count.optional(),
      undefinedPairs: count.optional(),
      zeroDifferences: count.optional(),
      n: count,
      wPlus: numberOrNaN,
      z: z.number().nullable(),
      p: z.number().min(0).max(1).nullable(),
      pMethod: z.enum(['exact', 'normal', 'none']).optional(),
      reason: z.enum(NO_TEST_REASONS).nullable().optional(),
      medianDifference: numberOrNaN,
      allZeroMaps: z.object({ a: count, b: count }).optional(),
    })
    .transform((c): PairedTest & { metric: M } => {
      const counted = c.pairs !== undefined && c.undefinedPairs !== undefined;
      const noTest = c.n === 0;
      const reason = c.reason ?? (noTest && counted ? noTestReason({ pairs: c.pairs!, undefinedPairs: c.undefinedPairs!, n: 0 }) : null);
      return {
        ...c,
        pairs: c.pairs ?? null,
        undefinedPairs: c.undefinedPairs ?? null,
        zeroDifferences: c.zeroDifferences ?? null,
        z: noTest ? null : c.z,
        p: noTest ? null : c.p,
        pMethod: noTest ? 'none' : (c.pMethod ?? null),
        reason,
      };
    });
}

export const StoredBoxComparisonsSchema = z.array(storedPairedTestSchema('boxMassShare'));
export const StoredConceptComparisonsSchema = z.array(storedPairedTestSchema('eyeRegionShareDark'));
