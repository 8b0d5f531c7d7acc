import { createRoute, z } from '@hono/zod-openapi';
import {
  emailPreferences,
  listNotifications,
  markRead,
  notificationKinds,
  setEmailPreferences,
} from '../notifications/notifications.service.ts';
import { viewerOrThrow } from '../ui/request.ts';
import { emailPreferencesSchema } from '../notifications/notifications.schemas.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

export const notificationsApi = createApiRouter();

const Notification = z
  .object({ id: z.string(), kind: z.string(), text: z.string(), read: z.boolean(), url: z.string(), createdAt: z.string() })
  .openapi('Notification');

notificationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/notifications',
    tags: ['Notifications'],
    summary: "The caller's notifications, newest first",
    security: bearerSecurity,
    request: {
      query: z.object({
        before: z.string().optional().openapi({ description: 'The `next` cursor of the previous page' }),
        limit: z.coerce
          .number({ error: 'Ask for a number of notifications from 1 to 200.' })
          .int('Ask for a number of notifications from 1 to 200.')
          .min(1, 'Ask for a number of notifications from 1 to 200.')
          .max(200, 'Ask for a number of notifications from 1 to 200.')
          .optional(),
      }),
    },
    responses: {
      200: {
        description: 'OK',
        content: { 'application/json': { schema: z.object({ items: z.array(Notification), next: z.string().nullable() }) } },
      },
      ...errorResponses(400, 401),
    },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const q = c.req.valid('query');
    return c.json(
      await listNotifications(c.get('ctx'), viewer.id, {
        ...(q.before ? { before: q.before } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      }),
      200,
    );
  },
);

notificationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/notifications/{id}/read',
    tags: ['Notifications'],
    summary: 'Mark one notification read',
    security: bearerSecurity,
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: 'Marked' }, ...errorResponses(401, 404) },
  }),
  async (c) => {
    await markRead(c.get('ctx'), viewerOrThrow(c).id, c.req.valid('param').id);
    return c.body(null, 204);
  },
);

notificationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/notifications/read',
    tags: ['Notifications'],
    summary: 'Mark every notification read',
    security: bearerSecurity,
    responses: { 204: { description: 'Marked' }, ...errorResponses(401) },
  }),
  async (c) => {
    await markRead(c.get('ctx'), viewerOrThrow(c).id);
    return c.body(null, 204);
  },
);

const Preferences = z
  .object({ email: z.record(z.string(), z.boolean()).openapi({ description: `Kinds: ${Object.keys(notificationKinds).join(', ')}` }) })
  .openapi('NotificationPreferences');

notificationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/notification-preferences',
    tags: ['Notifications'],
    summary: 'Which notification kinds also come by email',
    security: bearerSecurity,
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: Preferences } } }, ...errorResponses(401) },
  }),
  async (c) => c.json({ email: await emailPreferences(c.get('ctx'), viewerOrThrow(c).id) }, 200),
);

notificationsApi.openapi(
  createRoute({
    method: 'put',
    path: '/me/notification-preferences',
    tags: ['Notifications'],
    summary: 'Choose which notification kinds also come by email',
    security: bearerSecurity,
    request: {
      body: { content: { 'application/json': { schema: emailPreferencesSchema } }, required: true },
    },
    responses: { 200: { description: 'Saved', content: { 'application/json': { schema: Preferences } } }, ...errorResponses(400, 401) },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    await setEmailPreferences(c.get('ctx'), viewer.id, c.req.valid('json').email);
    return c.json({ email: await emailPreferences(c.get('ctx'), viewer.id) }, 200);
  },
);
