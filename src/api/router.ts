import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import type { AppEnv } from '../ui/env.ts';
import { fieldErrors, invalidFields } from '../validation.ts';

/** A router for one slice of /api/v1: invalid input answers 400 with one message per field, as the pages do. */
export function createApiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidFields(fieldErrors(result.error as unknown as ZodError));
      return undefined;
    },
  });
}
