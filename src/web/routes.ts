import type { Hono } from 'hono';
import { accountPages } from '../accounts/accounts.routes.tsx';
import { settingsPages } from '../accounts/settings.routes.tsx';
import { adminPages } from '../admin/admin.routes.tsx';
import { notificationPages } from '../notifications/notifications.routes.tsx';
import { externalBlogPages } from '../feeds/blogs.routes.tsx';
import { apiDocsPage } from '../api/docs.tsx';
import { createApi } from '../api/index.ts';
import type { AppEnv } from './env.ts';
import { healthCheck } from './health.ts';
import { homePages } from './home.tsx';
import { staticFiles } from './static.ts';

/**
 * The route table: every address the app answers, at a glance. Each capability's module owns the
 * handlers under its prefix.
 */
export function mountRoutes(app: Hono<AppEnv>): void {
  app.get('/healthz', healthCheck);
  app.get('/static/*', staticFiles());

  // GET /                          dashboard (signed in) or welcome page
  app.route('/', homePages);
  // /sign-up /sign-in /sign-out /forgot-password /reset-password/:token /verify-email/:token /confirm-email/:token
  app.route('/', accountPages);
  // /settings and /settings/{profile,email,password,verification,tokens,sessions/...}
  app.route('/', settingsPages);
  // /settings/blogs[/preview|/inbox|/:id[/check|/pause|/resume|/remove]|/posts/:postId/{assign,unassign}]  external blogs
  app.route('/settings/blogs', externalBlogPages);
  // /notifications, /notifications/{read,preferences,:id/open}
  app.route('/notifications', notificationPages);
  // /admin/outbox[/:id]            mail kept when no SMTP server is configured (admins)
  app.route('/admin', adminPages);

  // /api/v1/*                       the JSON API; /api/v1/openapi.json its OpenAPI 3.1 document
  const api = createApi();
  app.route('/api/v1', api);
  app.get('/api/docs', apiDocsPage(api));
}
