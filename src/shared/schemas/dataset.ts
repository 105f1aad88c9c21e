/** The black-box dataset config: source, image size and count, seed, box fractions. */
import { z } from 'zod';
import type { BlackboxDatasetConfig } from '../dataset.ts';
import { type Assert, type Same } from './check.ts';
import { PathSchema, SeedSchema, intIn, numberIn } from './common.ts';
import { MAX_DATASET_BYTES, imagesMemoryProblem } from '../memory-limits.ts';

export const DatasetSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('generated') }),
  z.strictObject({ kind: z.literal('imagenette'), archive: PathSchema.optional(), url: z.url({ protocol: /^https?$/ }).max(2048).optional().describe('Imagenette download URL') }),
  z.strictObject({ kind: z.literal('folder'), path: PathSchema }),
]).describe('generated | imagenette | ARCHIVE.tgz | FOLDER: generated images, Imagenette (downloaded), an Imagenette archive or a folder of images');

export const BlackboxDatasetConfigSchema = z
  .strictObject({
    source: DatasetSourceSchema,
    size: intIn(16, 512).describe('image side in pixels'),
    count: intIn(4, 100_000).describe('images in all'),
    seed: SeedSchema.describe('seed of the data'),
    boxMinFraction: numberIn(0, 1, { lo: true, hi: true }),
    boxMaxFraction: numberIn(0, 1, { lo: true, hi: true }),
    name: z.string().min(1).max(200).optional().describe('dataset name'),
  })
  .superRefine((c, ctx) => {
    if (c.boxMinFraction > c.boxMaxFraction) ctx.addIssue({ code: 'custom', path: ['boxMinFraction'], message: `must not exceed boxMaxFraction (${c.boxMaxFraction}), got ${c.boxMinFraction}` });
    const memory = imagesMemoryProblem(c.count, c.size, 1, MAX_DATASET_BYTES, 'images');
    if (memory !== null) ctx.addIssue({ code: 'custom', path: ['count'], message: memory });
  });

export type DatasetConfigMatchesSchema = Assert<Same<z.output<typeof BlackboxDatasetConfigSchema>, BlackboxDatasetConfig>>;
export type DatasetConfigInputMatchesSchema = Assert<Same<z.input<typeof BlackboxDatasetConfigSchema>, BlackboxDatasetConfig>>;
