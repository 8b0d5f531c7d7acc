import { createRoute, z } from '@hono/zod-openapi';
import { networkInputSchema, stanceInputSchema } from '../outside-networks/outside-networks.schemas.ts';
import { listNetworks, saveNetwork, setStance } from '../outside-networks/outside-networks.service.ts';
import { viewerOrThrow } from '../ui/request.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

/** /api/v1/networks: the directory of outside networks and members' stances on them. */
export const networksApi = createApiRouter();

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

const StanceEnum = z.enum(['joined', 'planning', 'later', 'not-for-me']);

networksApi.openapi(
  createRoute({
    method: 'get',
    path: '/networks',
    tags: ['Outside networks'],
    summary: "The directory of outside networks, with peers' tallies and the caller's stance",
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({
              slug: z.string(),
              name: z.string(),
              url: z.string(),
              offers: z.string(),
              suits: z.string(),
              dataAndLeaving: z.string(),
              checkedOn: z.string(),
              tally: z.record(z.string(), z.number().int()),
              mine: z
                .object({ stance: StanceEnum, note: z.string().nullable(), noteVisibility: z.enum(['private', 'members']) })
                .nullable(),
            }),
          ),
          next: z.string().nullable(),
        }),
      ),
    },
  }),
  async (c) => {
    const items = await listNetworks(c.get('ctx'), c.get('viewer'));
    return c.json({ items: items.map(({ sharedNotes: _s, ...n }) => n), next: null }, 200);
  },
);

networksApi.openapi(
  createRoute({
    method: 'put',
    path: '/networks/{slug}/stance',
    tags: ['Outside networks'],
    summary: "Record the caller's stance on a network (note private unless noteVisibility is members)",
    security: bearerSecurity,
    request: {
      params: z.object({ slug: z.string() }),
      body: {
        content: {
          'application/json': {
            schema: stanceInputSchema.meta({ id: 'StanceInput' }),
          },
        },
        required: true,
      },
    },
    responses: { 204: { description: 'Saved' }, ...errorResponses(400, 401, 404) },
  }),
  async (c) => {
    await setStance(c.get('ctx'), viewerOrThrow(c), c.req.valid('param').slug, c.req.valid('json'));
    return c.body(null, 204);
  },
);

const NetworkIn = networkInputSchema.meta({ id: 'NetworkInput' });

networksApi.openapi(
  createRoute({
    method: 'post',
    path: '/networks',
    tags: ['Outside networks'],
    summary: 'Add a network to the directory (administrators)',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: NetworkIn } }, required: true } },
    responses: { 201: json(z.object({ slug: z.string() }), 'Added'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => c.json({ slug: await saveNetwork(c.get('ctx'), viewerOrThrow(c), c.req.valid('json')) }, 201),
);

networksApi.openapi(
  createRoute({
    method: 'put',
    path: '/networks/{slug}',
    tags: ['Outside networks'],
    summary: 'Replace the facts recorded about a network (administrators); it may take a new slug',
    security: bearerSecurity,
    request: { params: z.object({ slug: z.string() }), body: { content: { 'application/json': { schema: NetworkIn } }, required: true } },
    responses: { 200: json(z.object({ slug: z.string() }), 'Saved'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => c.json({ slug: await saveNetwork(c.get('ctx'), viewerOrThrow(c), c.req.valid('json'), c.req.valid('param').slug) }, 200),
);
