import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { fieldErrors } from '../accounts/accounts.schemas.ts';
import type { AppEnv } from '../ui/env.ts';

/** A router for one slice of /api/v1: invalid input answers 400 with one message per field. */
export function createApiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const fields = fieldErrors(result.error as unknown as ZodError);
        return c.json({ error: { code: 'bad_input', message: 'The request has problems; see fields.', fields } }, 400);
      }
      return undefined;
    },
  });
}
