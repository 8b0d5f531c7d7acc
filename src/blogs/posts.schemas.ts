import { z } from 'zod';

export const visibilities = ['public', 'members', 'connections', 'private'] as const;
export const commentPolicies = ['signed_in', 'connections', 'nobody'] as const;

/** A tag as stored: lower case, words joined by hyphens. */
export function normaliseTag(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .trim()
    .replace(/^#/, '')
    .replace(/[\s_]+/g, '-')
    .replace(/[^\p{L}\p{N}-]/gu, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}

export function normaliseTags(raw: readonly string[]): string[] {
  return [...new Set(raw.map(normaliseTag).filter(Boolean))].slice(0, 20);
}

/** Each field a writer sends, from the form or the API, with what it must be. */
const postFields = {
  title: z
    .string({ error: 'Give the post a title.' })
    .trim()
    .min(1, 'Give the post a title.')
    .max(200, 'Use at most 200 characters.')
    .meta({ example: 'Thing 6: online networks' }),
  body: z
    .string({ error: 'Write something in the body.' })
    .max(100_000, 'The body is longer than 100,000 characters.')
    .meta({ description: 'Markdown' }),
  tags: z
    .array(z.string({ error: 'Write each tag as text.' }).max(60, 'Each tag is at most 60 characters.'), {
      error: 'List the tags, for example ["cpd23", "blogging"].',
    })
    .max(20, 'Use at most 20 tags.'),
  thing: z
    .object(
      {
        programme: z
          .string({ error: 'Name the programme.' })
          .trim()
          .min(1, 'Name the programme.')
          .max(80, 'That is not a programme’s address: it is too long.')
          .meta({ example: '23-things-2026' }),
        number: z.coerce
          .number({ error: 'Give the Thing’s number.' })
          .int('Give the Thing’s number.')
          .min(0, 'Give the Thing’s number.')
          .max(10_000, 'Give the Thing’s number.'),
      },
      { error: 'Name the Thing as {"programme": "…", "number": 6}, or null for none.' },
    )
    .nullable()
    .optional()
    .meta({ description: 'The Thing this post answers' }),
  visibility: z.enum(visibilities, { error: 'Choose who can see the post.' }),
  status: z.enum(['draft', 'published'], { error: 'Choose draft or published.' }),
  /** When set in the future with status "published", the post is scheduled for then. */
  publishAt: z.iso
    .datetime({ offset: true, error: 'Give a date and time like 2026-12-01T09:00:00Z.' })
    .nullable()
    .optional()
    .meta({ description: 'ISO instant; with status published and in the future, schedules the post' }),
  comments: z.enum([...commentPolicies, 'default'], { error: 'Choose who may comment.' }),
  /** The id of one of the author's uploaded images; null removes the cover. */
  coverImage: z
    .string({ error: 'Choose an image you uploaded.' })
    .trim()
    .max(64, 'Choose an image you uploaded.')
    .nullable()
    .optional()
    .meta({ description: 'The id of one of your images (`POST /media`); null removes the cover' }),
};

/** A new post; what the writer leaves out takes these defaults. */
export const postInputSchema = z.object({
  ...postFields,
  tags: postFields.tags.default([]),
  visibility: postFields.visibility
    .default('public')
    .meta({ description: 'Default public; connections means members until connections exist' }),
  status: postFields.status.default('draft').meta({ description: 'Default draft' }),
  comments: postFields.comments.default('default').meta({ description: 'Who may comment; default follows the blog' }),
});

/** A change to a post: only the fields sent change (no defaults, so nothing left out is reset). */
export const postChangesSchema = z.object(postFields).partial();

/** A member's settings for her whole blog. */
export const blogSettingsSchema = z.object({
  comments: z
    .enum(commentPolicies, { error: 'Choose who may comment.' })
    .meta({ description: 'Who may comment on posts that follow the blog' }),
});

export type PostInput = z.infer<typeof postInputSchema>;

/** A URL-safe slug from a title. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
    .replace(/-$/, '');
  return slug || 'post';
}
