import { z } from 'zod';
import { passwordProblem } from './passwords.ts';

/** The rules for a new account, shared by the sign-up page and `POST /api/v1/accounts`. */
export const handleSchema = z
  .string({ error: 'Choose a handle.' })
  .trim()
  .regex(/^[A-Za-z0-9_]{3,30}$/, 'Use 3–30 characters: letters a–z, digits 0–9 and _.')
  .transform((h) => h.toLowerCase())
  .meta({ example: 'jo_reads', description: '3–30 of a–z, 0–9, _; unique regardless of case' });

export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter an email address like name@example.org.' }))
  .meta({ example: 'jo@example.org' });

export const displayNameSchema = z
  .string({ error: 'Enter the name people will see.' })
  .trim()
  .min(1, 'Enter the name people will see.')
  .max(80, 'Use at most 80 characters.')
  .meta({ example: 'Jo Reader' });

export const passwordInputSchema = z.string({ error: 'Choose a password.' }).max(256, 'Use at most 256 characters.');

/**
 * A new account. The password's strength is a field rule of its own, so a bad email and a weak
 * password are reported together; whether it repeats the handle or email is checked once those parse.
 */
export const signUpSchema = z
  .object({
    handle: handleSchema,
    email: emailSchema,
    displayName: displayNameSchema,
    password: passwordInputSchema
      .superRefine((password, ctx) => {
        const problem = passwordProblem(password);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .meta({ description: 'At least 12 characters, not a commonly used password, not the handle or email' }),
  })
  .refine((input) => !passwordProblem(input.password, [input.handle, input.email]), {
    path: ['password'],
    message: 'Do not use your handle or email address as your password.',
    // Not an object at all, or one of these fields already wrong: nothing to compare.
    when: (payload) =>
      !payload.issues.some((issue) => !issue.path?.length || ['handle', 'email', 'password'].includes(String(issue.path[0]))),
  });

export type SignUpInput = z.infer<typeof signUpSchema>;

/** Asking for a password-reset link. */
export const passwordResetRequestSchema = z.object({ email: emailSchema });

/** Setting a new password with the token from a reset link. */
export const passwordResetSchema = z.object({
  token: z.string({ error: 'Give the token from the reset link.' }).min(1, 'Give the token from the reset link.'),
  password: passwordInputSchema.meta({ description: 'At least 12 characters, not a commonly used password' }),
});

/** Changing the address mail goes to; the current password confirms it is her. */
export const emailChangeSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.'),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.'),
  newPassword: passwordInputSchema.meta({ description: 'At least 12 characters, not a commonly used password' }),
});

/** The profile fields a member sets herself; what is left out stays. */
export const profileChangesSchema = z.object({ displayName: displayNameSchema.optional() });

/** Signing in for an API token. */
export const tokenRequestSchema = z.object({
  login: z
    .string({ error: 'Enter your handle or email address.' })
    .trim()
    .min(1, 'Enter your handle or email address.')
    .meta({ description: 'Handle or email address' }),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.'),
  name: z
    .string({ error: 'Give the token a name as text.' })
    .max(80, 'Keep the name under 80 characters.')
    .optional()
    .meta({ description: 'A label to recognise the token by' }),
});

/** The roles an administrator gives a member besides "member" (checked against the known ones by the service). */
export const rolesInputSchema = z.object({
  roles: z
    .array(z.string({ error: 'Name each role as text.' }), { error: 'List the roles, for example ["organiser"].' })
    .max(3, 'Choose at most three roles: organiser, moderator and admin.'),
});
