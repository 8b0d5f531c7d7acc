import { z } from 'zod';

const bodySchema = z
  .string({ error: 'Write a comment.' })
  .trim()
  .min(1, 'Write a comment.')
  .max(10_000, 'Use at most 10,000 characters.')
  .meta({ description: 'Markdown' });

/** A comment or a reply, as the page's form and the API send it. */
export const newCommentSchema = z.object({
  body: bodySchema,
  parentId: z
    .string({ error: 'Give the id of the comment this one replies to.' })
    .max(64, 'That is not a comment’s id.')
    .nullable()
    .optional()
    .meta({ description: 'The comment this one replies to' }),
});

/** A comment's new words, within its edit window. */
export const editedCommentSchema = z.object({ body: bodySchema });
