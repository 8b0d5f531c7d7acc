import { z } from 'zod';

/** The rules for a new account, shared by the sign-up page and `POST /api/v1/accounts`. */
export const handleSchema = z
  .string({ error: 'Choose a handle.' })
  .trim()
  .regex(/^[A-Za-z0-9_]{3,30}$/, 'Use 3–30 characters: letters a–z, digits 0–9 and _.')
  .transform((h) => h.toLowerCase());

export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter an email address like name@example.org.' }));

export const displayNameSchema = z
  .string({ error: 'Enter the name people will see.' })
  .trim()
  .min(1, 'Enter the name people will see.')
  .max(80, 'Use at most 80 characters.');

export const passwordInputSchema = z.string({ error: 'Choose a password.' }).max(256, 'Use at most 256 characters.');

export const signUpSchema = z.object({
  handle: handleSchema,
  email: emailSchema,
  displayName: displayNameSchema,
  password: passwordInputSchema,
});

export type SignUpInput = z.infer<typeof signUpSchema>;

/** zod issues as one plain message per field (the first one found). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'body';
    fields[key] ??= issue.message;
  }
  return fields;
}
