import { createRoute, z } from '@hono/zod-openapi';
import { findMedia, listOwnMedia } from '../blogs/media.queries.ts';
import { deleteMedia, MEDIA_MAX_BYTES, presentMedia, storeImage, tooLargeUpload } from '../blogs/media.service.ts';
import { AppError } from '../errors.ts';
import { boundaryOf, partToBuffer, readMultipart } from '../ui/multipart.ts';
import { viewerOrThrow } from '../ui/request.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

/** /api/v1 images for posts: upload, list one's own, delete. */
export const mediaApi = createApiRouter();

export const Media = z
  .object({
    id: z.string(),
    url: z.string().openapi({ description: 'Absolute URL of the size to show in a post (at most 960 px wide)' }),
    width: z.number().int(),
    height: z.number().int(),
    alt: z.string(),
    sizes: z
      .array(z.object({ width: z.number().int(), url: z.string() }))
      .openapi({ description: 'Every stored width (480, 960, 1600, never wider than the original), WebP' }),
    markdown: z.string().openapi({ description: 'What to paste in a post body: `![alt](/media/…)`' }),
  })
  .openapi('Media');

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

// Documented here, handled below by a streaming reader (the generated validator would buffer the body).
mediaApi.openAPIRegistry.registerPath({
  method: 'post',
  path: '/media',
  tags: ['Blogs'],
  security: bearerSecurity,
  summary: 'Upload an image for a post (JPEG, PNG, WebP, GIF, AVIF; at most 10 MB and 40 megapixels; SVG refused)',
  description:
    'Stored as WebP at a few widths with all metadata (EXIF, GPS…) removed. Use its `id` as a post’s `coverImage`, or paste its `markdown` into a post body.',
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.string().openapi({ format: 'binary' }),
            alt: z.string().optional().openapi({ description: 'Describes the image for people who cannot see it' }),
          }),
        },
      },
    },
  },
  responses: { 201: json(Media, 'Stored'), ...errorResponses(400, 401, 413, 422, 429) },
});

mediaApi.post('/media', async (c) => {
  const viewer = viewerOrThrow(c);
  const ctx = c.get('ctx');
  const boundary = boundaryOf(c.req.header('content-type'));
  if (!boundary || !c.req.raw.body)
    throw new AppError('bad_input', 'Send the image as multipart/form-data in the field `file`.', { fields: { file: 'Required.' } });
  let file: Buffer | undefined;
  let alt = '';
  for await (const part of readMultipart(c.req.raw.body, boundary)) {
    if (part.name === 'file' && part.filename !== undefined) file = await partToBuffer(part, MEDIA_MAX_BYTES, () => tooLargeUpload('file'));
    else if (part.name === 'alt')
      alt = (
        await partToBuffer(
          part,
          4096,
          () => new AppError('bad_input', 'The alt text is too long.', { fields: { alt: 'Use at most 500 characters.' } }),
        )
      ).toString('utf8');
  }
  if (!file || file.length === 0)
    throw new AppError('bad_input', 'Send the image in the multipart field `file`.', { fields: { file: 'Required.' } });
  const media = await storeImage(ctx, viewer, file, { alt });
  return c.json(presentMedia(ctx, media), 201);
});

mediaApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/media',
    tags: ['Blogs'],
    summary: 'Your uploaded images, newest first',
    security: bearerSecurity,
    responses: { 200: json(z.object({ items: z.array(Media), next: z.string().nullable() })), ...errorResponses(401) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const items = await listOwnMedia(ctx.db, viewerOrThrow(c).id, 100);
    return c.json({ items: items.map((m) => presentMedia(ctx, m)), next: null }, 200);
  },
);

mediaApi.openapi(
  createRoute({
    method: 'delete',
    path: '/media/{id}',
    tags: ['Blogs'],
    summary: 'Delete one of your images (its files go; posts using it as cover lose the cover)',
    security: bearerSecurity,
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 404) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const m = await findMedia(ctx.db, c.req.valid('param').id);
    if (!m || m.owner_id !== viewer.id) throw new AppError('not_found', 'There is no such image of yours.');
    await deleteMedia(ctx, m);
    return c.body(null, 204);
  },
);
