import { createRoute, z } from '@hono/zod-openapi';
import { queueOverview, retryDeadJob } from '../admin/jobs.service.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

export const jobsApi = createApiRouter();

const JobState = z.enum(['queued', 'retry', 'active', 'done', 'dead', 'cancelled']);
const QueueOverview = z
  .object({
    counts: z.array(z.object({ name: z.string(), state: JobState, count: z.number().int() })),
    deadLetters: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        key: z.string().nullable(),
        attempts: z.number().int(),
        lastError: z.string(),
        failedAt: z.string(),
      }),
    ),
  })
  .openapi('QueueOverview');

jobsApi.openapi(
  createRoute({
    method: 'get',
    path: '/admin/jobs',
    tags: ['Administration'],
    summary: 'The background job queue: counts by name and state, and the dead letters (administrators)',
    security: bearerSecurity,
    responses: {
      200: { description: 'OK', content: { 'application/json': { schema: QueueOverview } } },
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const { counts, deadLetters } = await queueOverview(c.get('ctx'), c.get('viewer'));
    return c.json({ counts: [...counts], deadLetters: [...deadLetters] }, 200);
  },
);

jobsApi.openapi(
  createRoute({
    method: 'post',
    path: '/admin/jobs/{id}/retry',
    tags: ['Administration'],
    summary: 'Give a dead job a fresh set of attempts (administrators)',
    security: bearerSecurity,
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: 'Queued again' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await retryDeadJob(c.get('ctx'), c.get('viewer'), c.req.valid('param').id);
    return c.body(null, 204);
  },
);
