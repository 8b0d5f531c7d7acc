import type { Hono } from 'hono';
import { accountPages } from '../accounts/accounts.routes.tsx';
import { settingsPages } from '../accounts/settings.routes.tsx';
import { adminPages } from '../admin/admin.routes.tsx';
import { notificationPages } from '../notifications/notifications.routes.tsx';
import { cohortPages } from '../programmes/cohort.routes.tsx';
import { programmeBlogPages } from '../programmes/programme-blogs.routes.tsx';
import { programmeFeedPages } from '../programmes/programme-feeds.routes.ts';
import { credentialPages } from '../programmes/credentials.routes.tsx';
import { programmePages } from '../programmes/programmes.routes.tsx';
import { runPages } from '../programmes/runs.routes.tsx';
import { networkPages } from '../outside-networks/outside-networks.routes.tsx';
import { thingPages } from '../programmes/things.routes.tsx';
import { externalBlogPages } from '../external-blogs/blogs.routes.tsx';
import { apiDocsPage } from '../api/docs.tsx';
import { postCommentPages } from '../blogs/comments.routes.tsx';
import { commentPages } from '../discussions/discussions.routes.tsx';
import { memberBlogPages, writePages } from '../blogs/posts.routes.tsx';
import { readingPages } from '../blogs/reading.routes.tsx';
import { importPages } from '../blogs/import.routes.tsx';
import { mediaFiles } from '../blogs/media.routes.ts';
import { createApi } from '../api/index.ts';
import type { AppEnv } from '../ui/env.ts';
import { healthCheck } from './health.ts';
import { homePages } from '../programmes/home.routes.tsx';
import { staticFiles } from './static.ts';

/** Routes that accept bodies over the default 2 MB (uploads and imports), with their own cap. */
export const largeBodyRoutes: ReadonlyArray<{ readonly pattern: RegExp; readonly maxBytes: number }> = [
  // A blog's export file (Blogger or WordPress), read as a stream.
  { pattern: /^\/blog\/import$/, maxBytes: 100 * 1024 * 1024 },
  // An image for a post (10 MB cap checked again on the file itself), through the API.
  { pattern: /^\/api\/v1\/media$/, maxBytes: 11 * 1024 * 1024 },
  // The write and edit forms carry a cover and an inline image of up to 10 MB each.
  { pattern: /^\/(write|@[A-Za-z0-9_]+\/[^/]+\/edit)$/, maxBytes: 21 * 1024 * 1024 },
];

/**
 * The route table: every address the app answers, at a glance. Each capability's module owns the
 * handlers under its prefix.
 */
export function mountRoutes(app: Hono<AppEnv>): void {
  app.get('/healthz', healthCheck);
  app.get('/static/*', staticFiles());
  // /media/{key}-{width}.webp      uploaded images (unguessable addresses, cached for a year)
  app.route('/media', mediaFiles);

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
  // /programmes/{slug}/feed.{atom,rss,json}, /programmes/{slug}/things/{n}/feed.*, /programmes/{slug}/blogs.opml
  app.route('/programmes', programmeFeedPages);
  // /programmes/import, /programmes/{slug}/export.json, /run-again, /carry-over (before /{slug})
  app.route('/programmes', runPages);
  // /programmes, /programmes/new, /programmes/{slug}[/edit|/enrolment|/leave|/calendar.ics|/calendar/{token}.ics]
  app.route('/programmes', programmePages);
  // /programmes/{slug}/things/new, /programmes/{slug}/things/{n}[/edit|/publish|/completions]
  app.route('/programmes', thingPages);
  // /programmes/{slug}/cohort, /cohort.csv, /nudges, /enrolments/{userId}/approval (organisers)
  app.route('/programmes', cohortPages);
  // /programmes/{slug}/blogs (participants' blogs, bulk registration), /external-posts/{id}/thing (override) — organisers
  app.route('/programmes', programmeBlogPages);
  // /networks, /networks/new, /networks/{slug}/stance, /networks/{slug}/edit: outside networks directory
  app.route('/networks', networkPages);
  // /credentials/{id}[.json], /credentials/{id}/revocation, /credentials/issuer.jwks.json
  app.route('/credentials', credentialPages);
  // /write, /posts[/feed.{atom,rss,json}], /tags/:tag[/feed.*], /search, /blog/settings, /blog/import
  app.route('/', writePages);
  app.route('/', readingPages);
  app.route('/', importPages);
  // /comments/:id/{edit,delete,approve}
  app.route('/comments', commentPages);
  // /@{handle}, /@{handle}/feed.{atom,rss,json}, /@{handle}/tags/:tag, /@{handle}/{slug}[/edit|/delete|/comments]
  app.route('/:at{@[A-Za-z0-9_]+}', memberBlogPages);
  app.route('/:at{@[A-Za-z0-9_]+}', postCommentPages);
  // /admin/outbox[/:id]            mail kept when no SMTP server is configured (admins)
  app.route('/admin', adminPages);

  // /api/v1/*                       the JSON API; /api/v1/openapi.json its OpenAPI 3.1 document
  const api = createApi();
  app.route('/api/v1', api);
  app.get('/api/docs', apiDocsPage(api));
}
