import { z } from 'zod';
import type { Stance } from '../db/schema.ts';

export const stances: Record<Stance, string> = {
  joined: 'Joined',
  planning: 'Planning to join',
  later: 'Bookmarked for later',
  'not-for-me': 'Not for me',
};
export const isStance = (v: unknown): v is Stance => typeof v === 'string' && v in stances;

/** A field an admin must fill; anything that is not text counts as empty. */
const filled = (message: string) => z.string({ error: message }).trim().min(1, message);

/** The facts an administrator records about one outside network. */
export const networkInputSchema = z.object({
  slug: z
    .string({ error: 'Use 2–60 characters: a–z, 0–9 and hyphens.' })
    .trim()
    .regex(/^[a-z0-9-]{2,60}$/, 'Use 2–60 characters: a–z, 0–9 and hyphens.'),
  name: filled('Enter the network’s name.'),
  url: z
    .string({ error: 'Enter its web address, starting with https://.' })
    .trim()
    .regex(/^https?:\/\/\S+$/, 'Enter its web address, starting with https://.'),
  offers: filled('Write a sentence or two.'),
  suits: filled('Write a sentence or two.'),
  dataAndLeaving: filled('Write a sentence or two.'),
  checkedOn: z
    .string({ error: 'Enter the date you checked these facts, as YYYY-MM-DD.' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date you checked these facts, as YYYY-MM-DD.'),
});
export type NetworkInput = z.infer<typeof networkInputSchema>;

/** Where a member stands on a network; an empty or missing stance clears hers. */
export const stanceInputSchema = z.object({
  stance: z
    .enum([...(Object.keys(stances) as Stance[]), ''], { error: 'Choose one of the stances.' })
    .optional()
    .meta({ description: 'Empty or left out: clears the stance' }),
  note: z.string({ error: 'Write the note as text.' }).trim().max(1000, 'Keep the note under 1,000 characters.').optional(),
  noteVisibility: z
    .enum(['private', 'members'], { error: 'Choose who may read the note: private or members.' })
    .optional()
    .meta({ description: 'Default private: only she reads her note' }),
});
