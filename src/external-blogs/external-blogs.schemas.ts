import { z } from 'zod';

/** A blog's address as a member types it: the site or its feed (discovery finds the feed). */
export const blogAddressSchema = z.object({
  url: z
    .string({ error: 'Enter the address of your blog or its feed.' })
    .trim()
    .min(1, 'Enter the address of your blog or its feed.')
    .max(2000, 'That address is too long; use at most 2,000 characters.'),
});

export const blogPauseSchema = z.object({
  paused: z.boolean({ error: 'Say true to stop checking the blog for now, false to resume.' }),
});

/** One of her Things, for an external post that answers it. */
export const thingChoiceSchema = z.object({
  programme: z
    .string({ error: 'Name the programme by its address, e.g. 23-things-2026.' })
    .trim()
    .min(1, 'Name the programme by its address, e.g. 23-things-2026.'),
  number: z
    .number({ error: 'Give the Thing’s number, e.g. 6.' })
    .int('Give the Thing’s number, e.g. 6.')
    .min(1, 'Thing numbers start at 1.'),
});
