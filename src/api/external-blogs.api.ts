import { createRoute, z } from '@hono/zod-openapi';
import {
  checkBlogNow,
  consumeFetchAllowance,
  getBlog,
  listBlogPosts,
  listBlogs,
  registerBlog,
  removeBlog,
  setPaused,
  type BlogView,
} from '../external-blogs/blogs.service.ts';
import { assignPost, listInbox, unassignPost } from '../external-blogs/inbox.service.ts';
import { viewerOrThrow } from '../ui/request.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

/** /me/blogs: the caller's external blogs, and the posts brought in from them. */
export const feedsApi = createApiRouter();

export const ExternalBlog = z
  .object({
    id: z.string(),
    feedUrl: z.string(),
    siteUrl: z.string().nullable(),
    title: z.string(),
    lastCheckedAt: z.string().nullable(),
    lastNewPostAt: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: 'In plain words, e.g. "The feed answered 404 (not found) on 3 Nov 2026."' }),
    nextCheckAt: z.string(),
    paused: z.boolean(),
  })
  .openapi('ExternalBlog');

const ExternalPost = z
  .object({
    id: z.string(),
    blogId: z.string(),
    title: z.string(),
    url: z.string().nullable(),
    excerpt: z.string(),
    publishedAt: z.string(),
    tags: z.array(z.string()),
    thing: z.object({ programme: z.string(), number: z.number().int() }).nullable(),
    matchStatus: z.enum(['matched', 'ambiguous', 'unmatched', 'assigned', 'unassigned']),
  })
  .openapi('ExternalPost');

/** An external blog as the API shows it (also in programmes' lists of participants' blogs). */
export const blogJson = (b: BlogView) => ({
  id: b.id,
  feedUrl: b.feedUrl,
  siteUrl: b.siteUrl,
  title: b.title,
  lastCheckedAt: b.lastCheckedAt,
  lastNewPostAt: b.lastNewPostAt,
  lastError: b.lastError,
  nextCheckAt: b.nextCheckAt,
  paused: b.paused,
});

const postJson = ({ candidates: _c, ...p }: Awaited<ReturnType<typeof listBlogPosts>>[number]) => ({ ...p, tags: [...p.tags] });

const IdParam = z.object({ id: z.string() });

feedsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/blogs',
    tags: ['External blogs'],
    summary: 'Register an external blog by its site or feed address',
    description:
      'Finds the feed, reads it at once and brings its posts in. A refused (private) or unusable address answers 422 with a plain message.',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: z.object({ url: z.string().min(1).max(2000) }) } }, required: true } },
    responses: {
      201: {
        description: 'Registered',
        content: { 'application/json': { schema: z.object({ id: z.string(), feedUrl: z.string(), title: z.string() }) } },
      },
      ...errorResponses(400, 401, 409, 422, 429),
    },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const ctx = c.get('ctx');
    consumeFetchAllowance(ctx, viewer.id);
    const blog = await registerBlog(ctx, viewer.id, c.req.valid('json').url);
    return c.json({ id: blog.id, feedUrl: blog.feedUrl, title: blog.title }, 201);
  },
);

feedsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/blogs',
    tags: ['External blogs'],
    summary: "The caller's external blogs and their health",
    security: bearerSecurity,
    responses: {
      200: {
        description: 'OK',
        content: { 'application/json': { schema: z.object({ items: z.array(ExternalBlog), next: z.string().nullable() }) } },
      },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const blogs = await listBlogs(c.get('ctx'), viewerOrThrow(c).id);
    return c.json({ items: blogs.map(blogJson), next: null }, 200);
  },
);

feedsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/blogs/{id}',
    tags: ['External blogs'],
    summary: 'One external blog',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: ExternalBlog } } }, ...errorResponses(401, 404) },
  }),
  async (c) => c.json(blogJson(await getBlog(c.get('ctx'), viewerOrThrow(c).id, c.req.valid('param').id)), 200),
);

feedsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/blogs/{id}/check',
    tags: ['External blogs'],
    summary: 'Poll the feed now; answers when done',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: {
      200: {
        description: 'Checked (see lastError for what the feed did)',
        content: { 'application/json': { schema: ExternalBlog.extend({ added: z.number().int(), updated: z.number().int() }) } },
      },
      ...errorResponses(401, 404, 429),
    },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const ctx = c.get('ctx');
    await getBlog(ctx, viewer.id, c.req.valid('param').id);
    consumeFetchAllowance(ctx, viewer.id);
    const { blog, result } = await checkBlogNow(ctx, viewer.id, c.req.valid('param').id);
    return c.json({ ...blogJson(blog), added: result.added, updated: result.updated }, 200);
  },
);

feedsApi.openapi(
  createRoute({
    method: 'patch',
    path: '/me/blogs/{id}',
    tags: ['External blogs'],
    summary: 'Pause or resume polling',
    security: bearerSecurity,
    request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ paused: z.boolean() }) } }, required: true } },
    responses: {
      200: { description: 'Saved', content: { 'application/json': { schema: ExternalBlog } } },
      ...errorResponses(400, 401, 404),
    },
  }),
  async (c) =>
    c.json(blogJson(await setPaused(c.get('ctx'), viewerOrThrow(c).id, c.req.valid('param').id, c.req.valid('json').paused)), 200),
);

feedsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/me/blogs/{id}',
    tags: ['External blogs'],
    summary: 'Stop following a blog; its posts here are removed (the blog itself is untouched)',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 204: { description: 'Removed' }, ...errorResponses(401, 404) },
  }),
  async (c) => {
    await removeBlog(c.get('ctx'), viewerOrThrow(c).id, c.req.valid('param').id);
    return c.body(null, 204);
  },
);

feedsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/blogs/{id}/posts',
    tags: ['External blogs'],
    summary: 'Posts brought in from one blog, newest first',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: {
      200: {
        description: 'OK',
        content: { 'application/json': { schema: z.object({ items: z.array(ExternalPost), next: z.string().nullable() }) } },
      },
      ...errorResponses(401, 404),
    },
  }),
  async (c) => {
    const posts = await listBlogPosts(c.get('ctx'), viewerOrThrow(c).id, c.req.valid('param').id);
    return c.json({ items: posts.map(postJson), next: null }, 200);
  },
);

feedsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/external-posts/inbox',
    tags: ['External blogs'],
    summary: 'External posts waiting to be assigned to a Thing',
    security: bearerSecurity,
    responses: {
      200: {
        description: 'OK',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(
                ExternalPost.extend({ choices: z.array(z.object({ programme: z.string(), number: z.number().int(), title: z.string() })) }),
              ),
              next: z.string().nullable(),
            }),
          },
        },
      },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const items = await listInbox(c.get('ctx'), viewerOrThrow(c).id);
    return c.json(
      {
        items: items.map((i) => ({
          ...postJson(i),
          choices: i.choices.map((t) => ({ programme: t.programme, number: t.number, title: t.title })),
        })),
        next: null,
      },
      200,
    );
  },
);

feedsApi.openapi(
  createRoute({
    method: 'put',
    path: '/me/external-posts/{id}/thing',
    tags: ['External blogs'],
    summary: 'Assign an external post to one of your Things',
    security: bearerSecurity,
    request: {
      params: IdParam,
      body: {
        content: { 'application/json': { schema: z.object({ programme: z.string().min(1), number: z.number().int().min(1) }) } },
        required: true,
      },
    },
    responses: {
      200: { description: 'Assigned', content: { 'application/json': { schema: ExternalPost } } },
      ...errorResponses(400, 401, 404, 422),
    },
  }),
  async (c) => {
    const post = await assignPost(c.get('ctx'), viewerOrThrow(c).id, c.req.valid('param').id, c.req.valid('json'));
    return c.json(postJson(post), 200);
  },
);

feedsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/me/external-posts/{id}/thing',
    tags: ['External blogs'],
    summary: 'Unassign an external post from its Thing',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: {
      200: { description: 'Unassigned', content: { 'application/json': { schema: ExternalPost } } },
      ...errorResponses(401, 404),
    },
  }),
  async (c) => c.json(postJson(await unassignPost(c.get('ctx'), viewerOrThrow(c).id, c.req.valid('param').id)), 200),
);
