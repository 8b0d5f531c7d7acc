import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.ts';

/**
 * The contract: everything a person can do in the pages, a client can do in the API. Each page
 * action (every route outside /api/ that changes something) names its API twin here, as the
 * OpenAPI document lists it; a new page action without one fails this test.
 */
const twins: Record<string, string> = {
  'POST /sign-up': 'POST /accounts',
  'POST /sign-in': 'POST /tokens',
  'POST /forgot-password': 'POST /password-resets',
  'POST /reset-password/:token': 'POST /password-resets/completion',
  'POST /settings/profile': 'PATCH /me/profile',
  'POST /settings/verification': 'POST /me/email-verification',
  'POST /settings/email': 'POST /me/email-change',
  'POST /settings/password': 'PUT /me/password',
  'POST /settings/tokens': 'POST /tokens',
  'POST /settings/tokens/:id/revoke': 'DELETE /tokens/{id}',
  'POST /settings/sessions/sign-out-everywhere': 'DELETE /me/sessions',
  'POST /settings/blogs/preview': 'POST /me/blogs/preview',
  'POST /settings/blogs': 'POST /me/blogs',
  'POST /settings/blogs/posts/:postId/assign': 'PUT /me/external-posts/{id}/thing',
  'POST /settings/blogs/posts/:postId/unassign': 'DELETE /me/external-posts/{id}/thing',
  'POST /settings/blogs/:id/check': 'POST /me/blogs/{id}/check',
  'POST /settings/blogs/:id/pause': 'PATCH /me/blogs/{id}',
  'POST /settings/blogs/:id/resume': 'PATCH /me/blogs/{id}',
  'POST /settings/blogs/:id/remove': 'DELETE /me/blogs/{id}',
  'POST /notifications/read': 'POST /me/notifications/read',
  'POST /notifications/:id/open': 'POST /me/notifications/{id}/read',
  'POST /notifications/preferences': 'PUT /me/notification-preferences',
  'POST /programmes/import': 'POST /programmes',
  'POST /programmes/:slug/run-again': 'POST /programmes/{slug}/runs',
  'POST /programmes/:slug/carry-over': 'POST /programmes/{slug}/carry-over',
  'POST /programmes': 'POST /programmes',
  'POST /programmes/:slug/edit': 'PUT /programmes/{slug}',
  'POST /programmes/:slug/enrolment': 'POST /programmes/{slug}/enrolment',
  'POST /programmes/:slug/leave': 'DELETE /programmes/{slug}/enrolment',
  'POST /programmes/:slug/things': 'POST /programmes/{slug}/things',
  'POST /programmes/:slug/things/:number/completions': 'POST /programmes/{slug}/things/{number}/completions',
  'POST /programmes/:slug/things/:number/edit': 'PUT /programmes/{slug}/things/{number}',
  'POST /programmes/:slug/things/:number/publish': 'POST /programmes/{slug}/things/{number}/publication',
  'POST /programmes/:slug/nudges': 'POST /programmes/{slug}/nudges',
  'POST /programmes/:slug/enrolments/:userId/approval': 'POST /programmes/{slug}/enrolments/{handle}/approval',
  'POST /programmes/:slug/blogs': 'POST /programmes/{slug}/blogs',
  'POST /programmes/:slug/external-posts/:id/thing': 'PUT /programmes/{slug}/external-posts/{id}/thing',
  'POST /networks/:slug/stance': 'PUT /networks/{slug}/stance',
  'POST /networks': 'POST /networks',
  'POST /networks/:slug/edit': 'PUT /networks/{slug}',
  'POST /credentials/:id/revocation': 'POST /credentials/{id}/revocation',
  'POST /write': 'POST /posts',
  'POST /blog/settings': 'PUT /me/blog-settings',
  'POST /comments/:id/edit': 'PATCH /comments/{id}',
  'POST /comments/:id/delete': 'DELETE /comments/{id}',
  'POST /comments/:id/approve': 'POST /comments/{id}/approval',
  'POST /:at{@[A-Za-z0-9_]+}/:slug/edit': 'PATCH /posts/{id}',
  'POST /:at{@[A-Za-z0-9_]+}/:slug/delete': 'DELETE /posts/{id}',
  'POST /:at{@[A-Za-z0-9_]+}/:slug/comments': 'POST /posts/{id}/comments',
  'POST /admin/members/:handle/roles': 'PUT /members/{handle}/roles',
};

/** Page actions with no call under /api/v1, each with the reason. Keep this list short. */
const pageOnly: Record<string, string> = {
  // Ends the browser's session cookie; an API client holds a token instead and revokes it with DELETE /tokens/{id}.
  'POST /sign-out': 'the session is a cookie',
  // The page answers JSON itself when asked (Accept: application/json) and takes a bearer token, so a
  // client can import already; its streaming upload stays in one place while it moves onto busboy.
  'POST /blog/import': 'answers JSON to API clients itself',
};

describe('every page action has its API twin', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  let pageActions: string[];
  let operations: Set<string>;

  beforeAll(async () => {
    h = await createHarness('sqlite');
    const writes = h.app.routes.filter((r) => !['GET', 'HEAD', 'OPTIONS', 'ALL'].includes(r.method) && !r.path.startsWith('/api/'));
    pageActions = [...new Set(writes.map((r) => `${r.method} ${r.path}`))];
    const doc = (await (await h.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    operations = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
  });

  afterAll(() => h.close());

  it('finds the page actions in the route table', () => {
    expect(pageActions.length).toBeGreaterThan(40);
    expect(pageActions).toContain('POST /comments/:id/approve');
  });

  it('names an API call, listed in the OpenAPI document, for each page action', () => {
    const missing = pageActions.filter((action) => !(action in twins) && !(action in pageOnly));
    expect(missing, 'page actions with no API twin: add one, or (if it makes no sense in the API) list it in pageOnly with why').toEqual(
      [],
    );
    const undocumented = pageActions.filter((action) => action in twins && !operations.has(twins[action]!));
    expect(undocumented.map((action) => `${action} → ${twins[action]}`)).toEqual([]);
  });

  it('names no page action that no longer exists', () => {
    const stale = [...Object.keys(twins), ...Object.keys(pageOnly)].filter((action) => !pageActions.includes(action));
    expect(stale).toEqual([]);
  });
});
