/** The black-box dataset config: source, image size and count, seed, box fractions. */
import { z } from 'zod';
import type { BlackboxDatasetConfig } from '../dataset.ts';
import { type Assert, type Same } from './check.ts';
import { PathSchema, SeedSchema, intIn, numberIn } from './common.ts';

export const DatasetSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('generated') }),
  z.strictObject({ kind: z.literal('imagenette'), archive: PathSchema.optional(), url: z.url({ protocol: /^https?$/ }).max(2048).optional() }),
  z.strictObject({ kind: z.literal('folder'), path: PathSchema }),
]);

/** Raw RGB bytes of a whole dataset (count × size² × 3) the worker holds at once. */
const MAX_DATASET_BYTES = 2 ** 31;

export const BlackboxDatasetConfigSchema = z
  .strictObject({
    source: DatasetSourceSchema,
    size: intIn(16, 512),
    count: intIn(4, 100_000),
    seed: SeedSchema,
    boxMinFraction: numberIn(0, 1, { lo: true, hi: true }),
    boxMaxFraction: numberIn(0, 1, { lo: true, hi: true }),
    name: z.string().min(1).max(200).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.boxMinFraction > c.boxMaxFraction) ctx.addIssue({ code: 'custom', path: ['boxMinFraction'], message: `must not exceed boxMaxFraction (${c.boxMaxFraction}), got ${c.boxMinFraction}` });
    if (c.count * c.size * c.size * 3 > MAX_DATASET_BYTES) ctx.addIssue({ code: 'custom', path: ['count'], message: `${c.count} images of ${c.size}² pixels exceed the 2 GiB a dataset may hold; use fewer or smaller images` });
  });

export type DatasetConfigMatchesSchema = Assert<Same<z.output<typeof BlackboxDatasetConfigSchema>, BlackboxDatasetConfig>>;
export type DatasetConfigInputMatchesSchema = Assert<Same<z.input<typeof BlackboxDatasetConfigSchema>, BlackboxDatasetConfig>>;
