import { createRoute, z } from '@hono/zod-openapi';
import { findUserByHandle } from '../accounts/accounts.queries.ts';
import { addComment, approveComment, deleteComment, editComment, listComments, type CommentView } from '../blogs/comments.service.ts';
import { editedCommentSchema, newCommentSchema } from '../discussions/discussions.schemas.ts';
import { listVisiblePosts, listUnpublished, setBlogCommentPolicy, type PostWithAuthor } from '../blogs/posts.queries.ts';
import { blogSettingsSchema, postChangesSchema, postInputSchema, visibilities } from '../blogs/posts.schemas.ts';
import { createPost, deletePost, getVisiblePost, postUrl, updatePost } from '../blogs/posts.service.ts';
import { searchPosts } from '../blogs/search.service.ts';
import { coverOf } from '../blogs/media.service.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { viewerOrThrow } from '../ui/request.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

/** /api/v1 posts, comments and search. */
export const blogsApi = createApiRouter();

const Thing = z.object({ programme: z.string().openapi({ example: '23-things-2026' }), number: z.number().int() }).openapi('ThingRef');

// Request bodies are the blogs capability's own schemas, named for the document (see decision 008).
const PostInput = postInputSchema.meta({ id: 'PostInput' });
const PostChanges = postChangesSchema.meta({ id: 'PostChanges' });
const NewComment = newCommentSchema.meta({ id: 'NewComment' });
const EditedComment = editedCommentSchema.meta({ id: 'EditedComment' });

const Cover = z
  .object({
    url: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    alt: z.string(),
    sizes: z.array(z.object({ width: z.number().int(), url: z.string() })),
  })
  .openapi('Cover');

const Post = z
  .object({
    id: z.string(),
    title: z.string(),
    html: z.string().openapi({ description: 'Sanitised HTML' }),
    body: z.string(),
    tags: z.array(z.string()),
    thing: Thing.nullable(),
    visibility: z.enum(visibilities),
    status: z.enum(['draft', 'scheduled', 'published']),
    url: z.string(),
    author: z.object({ handle: z.string(), displayName: z.string() }),
    publishedAt: z.string().nullable(),
    updatedAt: z.string().nullable().openapi({ description: 'When a published post was last edited' }),
    comments: z.enum(['default', 'signed_in', 'connections', 'nobody']),
    coverImage: z.string().nullable().openapi({ description: 'The cover image’s media id' }),
    cover: Cover.nullable().openapi({ description: 'The cover image’s addresses' }),
  })
  .openapi('Post');

const Comment = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    html: z.string().openapi({ description: 'Sanitised HTML; empty when deleted' }),
    author: z
      .object({ handle: z.string().nullable(), name: z.string(), url: z.string().nullable() })
      .nullable()
      .openapi({ description: 'Null when deleted; handle null for imported non-members' }),
    deleted: z.boolean(),
    held: z.boolean().openapi({ description: 'Waiting for the post author’s approval (a new account’s first comment)' }),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
  })
  .openapi('Comment');

function present(ctx: AppContext, p: PostWithAuthor) {
  return {
    id: p.id,
    title: p.title,
    html: p.html,
    body: p.body,
    tags: p.tags,
    thing: p.thing_programme !== null && p.thing_number !== null ? { programme: p.thing_programme, number: p.thing_number } : null,
    visibility: p.visibility,
    status: p.status,
    url: postUrl(ctx, p.author_handle, p.slug),
    author: { handle: p.author_handle, displayName: p.author_name },
    publishedAt: p.published_at,
    updatedAt: p.edited_at,
    comments: p.comments,
    coverImage: p.cover_media_id,
    cover: coverOf(ctx, p),
  };
}

const presentComment = (c: CommentView) => ({
  id: c.id,
  parentId: c.parentId,
  html: c.html,
  author: c.author,
  deleted: c.deleted,
  held: c.held,
  createdAt: c.createdAt,
  editedAt: c.editedAt,
});

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string() });

blogsApi.openapi(
  createRoute({
    method: 'post',
    path: '/posts',
    tags: ['Blogs'],
    summary: 'Write a post (draft, published or scheduled)',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: PostInput } }, required: true } },
    responses: { 201: json(z.object({ id: z.string(), url: z.string() }), 'Created'), ...errorResponses(400, 401, 422, 429) },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const ctx = c.get('ctx');
    const post = await createPost(ctx, viewer, c.req.valid('json'));
    return c.json({ id: post.id, url: postUrl(ctx, post.author_handle, post.slug) }, 201);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'get',
    path: '/posts/{id}',
    tags: ['Blogs'],
    summary: 'A post the caller may see',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 200: json(Post), ...errorResponses(404) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    return c.json(present(ctx, await getVisiblePost(ctx, c.get('viewer'), c.req.valid('param').id)), 200);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'patch',
    path: '/posts/{id}',
    tags: ['Blogs'],
    summary: 'Change a post (its author); what is left out stays',
    security: bearerSecurity,
    request: { params: IdParam, body: { content: { 'application/json': { schema: PostChanges } }, required: true } },
    responses: { 200: json(Post), ...errorResponses(400, 401, 403, 404, 422) },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const ctx = c.get('ctx');
    return c.json(present(ctx, await updatePost(ctx, viewer, c.req.valid('param').id, c.req.valid('json'))), 200);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/posts/{id}',
    tags: ['Blogs'],
    summary: 'Delete a post (its author)',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await deletePost(c.get('ctx'), viewerOrThrow(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'get',
    path: '/members/{handle}/posts',
    tags: ['Blogs'],
    summary: 'A member’s posts the caller may see, newest first',
    security: bearerSecurity,
    request: {
      params: z.object({ handle: z.string() }),
      query: z.object({
        cursor: z.string().optional(),
        limit: z.coerce
          .number({ error: 'Ask for a number of posts from 1 to 100.' })
          .int('Ask for a number of posts from 1 to 100.')
          .min(1, 'Ask for a number of posts from 1 to 100.')
          .max(100, 'Ask for a number of posts from 1 to 100.')
          .optional(),
        status: z
          .enum(['published', 'unpublished'], { error: 'Ask for published or unpublished posts.' })
          .optional()
          .openapi({ description: 'unpublished: your own drafts and scheduled posts' }),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(Post), next: z.string().nullable() })), ...errorResponses(400, 404) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = c.get('viewer');
    const member = await findUserByHandle(ctx.db, c.req.valid('param').handle.replace(/^@/, ''));
    if (!member) throw new AppError('not_found', 'There is no member with that handle.');
    const q = c.req.valid('query');
    if (q.status === 'unpublished') {
      if (viewer?.id !== member.id) throw new AppError('not_found', 'There is nothing here for you.');
      return c.json({ items: (await listUnpublished(ctx.db, member.id)).map((p) => present(ctx, p)), next: null }, 200);
    }
    const page = await listVisiblePosts(ctx.db, viewer, { authorId: member.id, cursor: q.cursor, limit: q.limit ?? 20 });
    return c.json({ items: page.items.map((p) => present(ctx, p)), next: page.next }, 200);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'post',
    path: '/posts/{id}/comments',
    tags: ['Blogs'],
    summary: 'Comment on a post, or reply to a comment',
    security: bearerSecurity,
    request: {
      params: IdParam,
      body: {
        content: {
          'application/json': { schema: NewComment },
        },
        required: true,
      },
    },
    responses: { 201: json(z.object({ id: z.string(), held: z.boolean() }), 'Created'), ...errorResponses(400, 401, 403, 404, 422, 429) },
  }),
  async (c) => {
    const comment = await addComment(c.get('ctx'), viewerOrThrow(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ id: comment.id, held: comment.held }, 201);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'get',
    path: '/posts/{id}/comments',
    tags: ['Blogs'],
    summary: 'A post’s comments in thread order',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 200: json(z.object({ items: z.array(Comment), next: z.string().nullable() })), ...errorResponses(404) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const post = await getVisiblePost(ctx, c.get('viewer'), c.req.valid('param').id);
    return c.json({ items: (await listComments(ctx, c.get('viewer'), post)).map(presentComment), next: null }, 200);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'patch',
    path: '/comments/{id}',
    tags: ['Blogs'],
    summary: 'Change your comment (within 15 minutes)',
    security: bearerSecurity,
    request: { params: IdParam, body: { content: { 'application/json': { schema: EditedComment } }, required: true } },
    responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    await editComment(c.get('ctx'), viewerOrThrow(c), c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/comments/{id}',
    tags: ['Blogs'],
    summary: 'Delete a comment (its author, the post’s author or a moderator)',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await deleteComment(c.get('ctx'), viewerOrThrow(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'post',
    path: '/comments/{id}/approval',
    tags: ['Blogs'],
    summary: 'Let a held comment show (the post’s author or a moderator)',
    description:
      'A new account’s first comment waits for the post’s author. Approving a comment that already shows changes nothing. ' +
      'Who may not know of a held comment gets 404; its own author gets 403.',
    security: bearerSecurity,
    request: { params: IdParam },
    responses: { 204: { description: 'Approved: the comment shows' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await approveComment(c.get('ctx'), viewerOrThrow(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'put',
    path: '/me/blog-settings',
    tags: ['Blogs'],
    summary: 'Set who may comment on your posts that follow the blog’s setting',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: blogSettingsSchema.meta({ id: 'BlogSettings' }) } }, required: true } },
    responses: { 200: json(blogSettingsSchema), ...errorResponses(400, 401) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const { comments } = c.req.valid('json');
    await setBlogCommentPolicy(ctx.db, viewerOrThrow(c).id, comments, ctx.clock.now().toISOString());
    return c.json({ comments }, 200);
  },
);

blogsApi.openapi(
  createRoute({
    method: 'get',
    path: '/search',
    tags: ['Blogs'],
    summary: 'Full-text search over what the caller may see',
    security: bearerSecurity,
    request: {
      query: z.object({
        q: z
          .string({ error: 'Give the words to search for in q.' })
          .max(200, 'Search for at most 200 characters.')
          .openapi({ description: 'Words to find; "quoted phrases" and -exclusions work on PostgreSQL' }),
        type: z
          .enum(['post'], { error: 'Only posts can be searched so far: leave type out or say post.' })
          .optional()
          .openapi({ description: 'What to search; only posts so far' }),
      }),
    },
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({
              type: z.literal('post'),
              title: z.string(),
              url: z.string(),
              snippet: z.string().openapi({ description: 'Escaped HTML with matches in <mark>' }),
              author: z.object({ handle: z.string(), name: z.string() }),
              publishedAt: z.string(),
            }),
          ),
          next: z.string().nullable(),
        }),
      ),
      ...errorResponses(400),
    },
  }),
  async (c) => {
    const hits = await searchPosts(c.get('ctx'), c.get('viewer'), c.req.valid('query').q);
    return c.json({ items: hits.map(({ id: _id, ...h }) => h), next: null }, 200);
  },
);
