import type { z } from 'zod';
import { AppError } from './errors.ts';

/** What a person is told when a form or a request has fields to fix; `fields` says which and how. */
export const MARKED_FIELDS_MESSAGE = 'Please correct the marked fields.';

/** zod issues as one plain message per field (the first one found for each). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'body';
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * The error for fields found wrong by a check a schema cannot make (taken, unknown, clashing):
 * `bad_input` (400) by default, `conflict` (409) when the value clashes with what exists.
 */
export function invalidFields(fields: Record<string, string>, code: 'bad_input' | 'conflict' = 'bad_input'): AppError {
  return new AppError(code, MARKED_FIELDS_MESSAGE, { fields });
}

/**
 * Parses raw input (a form, a JSON body, an import) with its schema, or throws the bad-input error
 * naming every wrong field at once, each with the schema's own message.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
  return parsed.data;
}
