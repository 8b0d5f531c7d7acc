import { createRoute, z } from '@hono/zod-openapi';
import { BULK_MAX_BYTES, BULK_MAX_ROWS } from '../external-blogs/bulk.ts';
import { overrideExternalPost, participantBlogs, registerParticipantBlogs } from '../programmes/programme-blogs.service.ts';
import { programmeForOrganiser } from '../programmes/programmes.service.ts';
import { viewerOrThrow } from '../ui/request.ts';
import { blogJson, ExternalBlog } from './external-blogs.api.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

/** /programmes/{slug}/blogs and /programmes/{slug}/external-posts/{id}/thing: organisers and participants' external blogs. */
export const programmeBlogsApi = createApiRouter();

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const SlugParam = z.object({ slug: z.string() });

const ParticipantBlog = ExternalBlog.extend({ handle: z.string(), displayName: z.string() }).openapi('ParticipantBlog');

const BulkReport = z
  .object({
    registered: z.array(z.object({ handle: z.string(), feedUrl: z.string(), title: z.string() })),
    failed: z.array(z.object({ handle: z.string(), url: z.string(), reason: z.string().openapi({ description: 'Why, in plain words' }) })),
  })
  .openapi('BulkBlogReport');

programmeBlogsApi.openapi(
  createRoute({
    method: 'get',
    path: '/programmes/{slug}/blogs',
    tags: ['Programmes'],
    summary: "Participants' registered external blogs and their health (organisers)",
    security: bearerSecurity,
    request: { params: SlugParam },
    responses: { 200: json(z.object({ items: z.array(ParticipantBlog), next: z.string().nullable() })), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const programme = await programmeForOrganiser(ctx, viewer, c.req.valid('param').slug);
    const blogs = await participantBlogs(ctx, viewer, programme);
    const items = blogs.map((b) => ({ handle: b.handle, displayName: b.displayName, ...blogJson(b) }));
    return c.json({ items, next: null }, 200);
  },
);

programmeBlogsApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/blogs',
    tags: ['Programmes'],
    summary: "Register participants' blogs in bulk from CSV (handle,url) or OPML (organisers)",
    description: `\`content\` is the file's text: CSV lines \`handle,url\` (a header line is fine) or an OPML document whose outlines carry the handle as \`text\` and the address as \`xmlUrl\` or \`htmlUrl\`. At most ${BULK_MAX_ROWS} rows and ${BULK_MAX_BYTES / 1024} KB; 10 uploads an hour per organiser. Only this programme's participants can be given a blog. Answers with what was registered and what failed, and why.`,
    security: bearerSecurity,
    request: {
      params: SlugParam,
      body: {
        content: {
          'application/json': {
            schema: z.object({
              format: z.enum(['csv', 'opml']).optional().openapi({ description: 'Told from the content when absent' }),
              content: z.string().min(1),
            }),
          },
        },
        required: true,
      },
    },
    responses: { 200: json(BulkReport, 'What was registered and what failed'), ...errorResponses(400, 401, 403, 404, 413, 422, 429) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const programme = await programmeForOrganiser(ctx, viewer, c.req.valid('param').slug);
    const body = c.req.valid('json');
    const name = body.format === 'opml' ? 'upload.opml' : body.format === 'csv' ? 'upload.csv' : '';
    const report = await registerParticipantBlogs(ctx, viewer, programme, { text: body.content, name });
    return c.json({ registered: [...report.registered], failed: [...report.failed] }, 200);
  },
);

programmeBlogsApi.openapi(
  createRoute({
    method: 'put',
    path: '/programmes/{slug}/external-posts/{id}/thing',
    tags: ['Programmes'],
    summary: "Override the Thing a participant's external post answers (organisers)",
    description:
      'The post must be placed in this programme now. `number` moves it to another published Thing its author can answer; `null` unassigns it (it then waits in her inbox). The matching rules leave it alone afterwards; who did it is logged.',
    security: bearerSecurity,
    request: {
      params: z.object({ slug: z.string(), id: z.string() }),
      body: { content: { 'application/json': { schema: z.object({ number: z.number().int().positive().nullable() }) } }, required: true },
    },
    responses: {
      200: json(
        z.object({ id: z.string(), title: z.string(), thing: z.object({ programme: z.string(), number: z.number().int() }).nullable() }),
      ),
      ...errorResponses(400, 401, 403, 404, 422),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const { slug, id } = c.req.valid('param');
    const programme = await programmeForOrganiser(ctx, viewer, slug);
    const post = await overrideExternalPost(ctx, viewer, programme, id, c.req.valid('json').number);
    return c.json({ id: post.id, title: post.title, thing: post.thing ? { ...post.thing } : null }, 200);
  },
);
