import type { Context } from 'hono';
import { AppError } from '../errors.ts';

/** The text fields of a submitted form; files and repeated names are ignored. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/**
 * A form refused for its input (bad_input, conflict) as what to show with it again: the status, the
 * message and one message per field. Any other failure is thrown on, for the error page.
 */
export function inputProblem(error: unknown): { status: number; message: string; fields: Readonly<Record<string, string>> | undefined } {
  if (!(error instanceof AppError) || (error.code !== 'bad_input' && error.code !== 'conflict')) throw error;
  return { status: error.status, message: error.message, fields: error.fields };
}
