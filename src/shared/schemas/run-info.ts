/**
 * What a researcher may write on a run (issue 21, LabApi updateRunInfo): its name, its tags and a note.
 * The renderer checks a tag with the same rule before it asks.
 */
import { z } from 'zod';
import { show } from './check.ts';
import { IdSchema } from './common.ts';

export const RUN_NAME_MAX = 200;
export const RUN_TAGS_MAX = 20;
export const RUN_TAG_MAX = 40;
export const RUN_NOTES_MAX = 10_000;
/** A tag: letters, digits, `_`, space, `.`, `:`, `+`, `-`; not blank at either end. */
export const RUN_TAG_PATTERN = /^[\w.:+-](?:[\w .:+-]*[\w.:+-])?$/;

const TagSchema = z
  .string({ error: (iss) => `expected a string, got ${show(iss.input)}` })
  .refine((t) => t.length >= 1 && t.length <= RUN_TAG_MAX && RUN_TAG_PATTERN.test(t), {
    error: (iss) => `expected a tag of 1–${RUN_TAG_MAX} letters, digits, spaces or _ . : + - (not starting or ending with a space), got ${show(iss.input)}`,
  });

export const UpdateRunInfoSchema = z.strictObject({
  runId: IdSchema,
  name: z
    .string()
    .max(RUN_NAME_MAX)
    .refine((s) => s.trim().length > 0, { error: 'must not be blank' })
    .optional(),
  tags: z
    .array(TagSchema)
    .max(RUN_TAGS_MAX)
    .refine((ts) => new Set(ts).size === ts.length, { error: 'lists a tag twice' })
    .optional(),
  notes: z.string().max(RUN_NOTES_MAX).optional(),
});
