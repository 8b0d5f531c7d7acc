import { z } from '@hono/zod-openapi';

/** The error body every API failure answers with. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'bad_input' }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().openapi({ description: 'One message per field to fix' }),
    }),
  })
  .openapi('Error');

/** Responses for the errors most calls can give. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 422 | 429>) {
  const descriptions: Record<number, string> = {
    400: 'Bad input; `fields` says what to fix',
    401: 'Not signed in, or the token is not valid',
    403: 'Not allowed',
    404: 'Not found (also for what the caller may not know exists)',
    409: 'Conflicts with what exists',
    413: 'Too large',
    422: 'Understood but not usable',
    429: 'Too many requests; see Retry-After',
  };
  return Object.fromEntries(
    statuses.map((s) => [s, { description: descriptions[s]!, content: { 'application/json': { schema: ErrorBody } } }]),
  );
}

export const bearerSecurity = [{ bearerAuth: [] }];
