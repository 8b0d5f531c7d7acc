import { z } from 'zod';

/** Which kinds of notification also come by email (unknown kinds are ignored). */
export const emailPreferencesSchema = z.object({
  email: z.record(z.string(), z.boolean({ error: 'Say true or false for each kind.' }), {
    error: 'Give your choices by kind, for example {"comment": true}.',
  }),
});
