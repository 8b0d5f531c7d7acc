import { z } from 'zod';

/** The rules for programmes and Things, shared by the pages, the API and JSON import. */

const isoDate = z
  .string({ error: 'Enter a date as YYYY-MM-DD.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'That is not a real date.',
  );

export const slugSchema = z
  .string({ error: 'Choose a short address name.' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, 'Use 3–60 characters: a–z, 0–9 and hyphens, not at either end.')
  .meta({ example: 'cpd23-2027' });

const week = z.coerce
  .number({ error: 'Enter a week number.' })
  .int('Enter a whole week number.')
  .min(1, 'Weeks start at 1.')
  .max(104, 'At most 104 weeks.');

export const tagsSchema = z
  .array(
    z
      .string({ error: 'Write each tag as text.' })
      .trim()
      .toLowerCase()
      // A refinement, not .regex(): the document would carry this Unicode pattern with a stray "/u".
      .refine((tag) => /^[\p{L}\p{N}_-]{1,40}$/u.test(tag), 'Tags are single words of letters, digits, - or _.'),
    { error: 'List the tags, for example ["cpd23", "thing6"].' },
  )
  .max(20, 'At most 20 tags.')
  .default([]);

export const thingSchema = z.object({
  number: z.coerce
    .number({ error: 'Enter the Thing’s number.' })
    .int('Enter a whole number.')
    .min(1, 'Numbers start at 1.')
    .max(999, 'At most 999.'),
  title: z.string({ error: 'Give the Thing a title.' }).trim().min(1, 'Give the Thing a title.').max(160, 'Use at most 160 characters.'),
  brief: z
    .string({ error: 'Write the brief as text (Markdown).' })
    .max(20_000, 'Keep the brief under 20,000 characters.')
    .default('')
    .meta({ description: 'Markdown' }),
  week,
  required: z
    .boolean({ error: 'Say true if every participant must do it, false if it is optional.' })
    .default(true)
    .meta({ description: 'Default true' }),
  tags: tagsSchema.meta({ description: 'Matching hints for external posts, e.g. cpd23, thing6' }),
  suggestedBy: z.string({ error: 'Name who suggested it, as text.' }).trim().max(120, 'Use at most 120 characters.').nullish(),
  published: z
    .boolean({ error: 'Say true to publish it, false to keep it a draft.' })
    .default(true)
    .meta({ description: 'Default true; drafts are seen by organisers only' }),
});
export type ThingInput = z.infer<typeof thingSchema>;

export const programmeDetailsSchema = z.object({
  slug: slugSchema,
  title: z
    .string({ error: 'Give the programme a title.' })
    .trim()
    .min(1, 'Give the programme a title.')
    .max(120, 'Use at most 120 characters.'),
  description: z
    .string({ error: 'Write the description as text (Markdown).' })
    .max(5000, 'Keep the description under 5,000 characters.')
    .default(''),
  startsOn: isoDate.meta({ example: '2027-01-04', description: 'YYYY-MM-DD; week 1 starts at 00:00 UTC that day' }),
  catchUpWeeks: z
    .array(week, { error: 'List the catch-up weeks by number, for example [4, 9].' })
    .max(52, 'At most 52 catch-up weeks.')
    .default([])
    .meta({ description: 'Weeks that hold no Things' }),
  enrolment: z.enum(['open', 'approval', 'invite'], { error: 'Choose how people enrol.' }).default('open'),
  visibility: z.enum(['public', 'members'], { error: 'Choose who can see the programme.' }).default('public'),
});

export const programmeSchema = programmeDetailsSchema
  .extend({
    things: z
      .array(thingSchema, { error: 'List the Things, each with its number, title and week.' })
      .max(200, 'At most 200 Things.')
      .default([]),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<number>();
    const catchUp = new Set(p.catchUpWeeks);
    p.things.forEach((t, i) => {
      if (seen.has(t.number)) ctx.addIssue({ code: 'custom', path: ['things', i, 'number'], message: `Thing ${t.number} appears twice.` });
      seen.add(t.number);
      if (catchUp.has(t.week))
        ctx.addIssue({ code: 'custom', path: ['things', i, 'week'], message: `Week ${t.week} is a catch-up week; it holds no Things.` });
    });
  });
export type ProgrammeInput = z.infer<typeof programmeSchema>;

/** "3, 8" typed in a form field → [3, 8]; anything else is left for the schema to refuse. */
export function parseWeekList(text: string): unknown[] {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((w) => (/^\d+$/.test(w) ? Number(w) : w));
}

export function parseTagList(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/** An organiser marking a Thing done for a participant (the service checks she takes part). */
export const completionInputSchema = z.object({
  handle: z.string({ error: 'Enter the participant’s handle.' }),
  note: z.string({ error: 'Say briefly how the Thing was done.' }),
});

/** Participants' blogs registered in bulk, from a CSV or OPML file's text. */
export const cohortBlogsSchema = z.object({
  format: z
    .enum(['csv', 'opml'], { error: 'Say csv or opml, or leave it out to have it told from the content.' })
    .optional()
    .meta({ description: 'Told from the content when absent' }),
  content: z.string({ error: 'Send the CSV or OPML file’s text.' }).min(1, 'Send the CSV or OPML file’s text.'),
});

/** An organiser's choice of the Thing an external post answers; null: none. */
export const externalPostThingSchema = z.object({
  number: z
    .number({ error: 'Give the Thing’s number, or null for none.' })
    .int('Give the Thing’s number, or null for none.')
    .positive('Thing numbers start at 1.')
    .nullable(),
});
