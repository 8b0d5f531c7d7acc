import type { MiddlewareHandler } from 'hono';
import { countUnread } from '../notifications/notifications.service.ts';
import type { AppEnv } from '../ui/env.ts';

/**
 * Puts on the request what the page frame shows a signed-in viewer, read only if a page is
 * rendered: the UI kit stays free of capabilities, and API answers never pay for it.
 */
export const provideLayoutData: MiddlewareHandler<AppEnv> = async (c, next) => {
  const viewer = c.get('viewer');
  c.set('layoutData', viewer ? async () => ({ unread: await countUnread(c.get('ctx'), viewer.id) }) : undefined);
  await next();
};
