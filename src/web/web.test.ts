import { describe, expect, it } from 'vitest';
import { createHarness, describeEachDatabase } from '../../test/support/harness.ts';

describeEachDatabase('the web app', (h) => {
  it('answers /healthz with 200 {"status":"ok"} while the database answers', async () => {
    const res = await h().app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('sends security headers on every answer: strict CSP with no inline script, nosniff, no framing', async () => {
    for (const path of ['/', '/sign-in', '/api/v1/openapi.json', '/nowhere', '/static/style.css']) {
      const res = await h().app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('has no inline script or third-party address in its pages', async () => {
    for (const path of ['/', '/sign-in', '/sign-up', '/forgot-password', '/api/docs']) {
      const html = await (await h().app.request(path)).text();
      expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\/(?!localhost)/);
      expect(html).toContain('<a class="skip-link" href="#main">');
      expect(html).toContain('<main id="main"');
    }
  });

  it('answers unknown addresses with a friendly page, and with JSON under /api', async () => {
    const page = await h().app.request('/no/such/page');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page not found');
    const api = await h().app.request('/api/v1/no-such-call');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas, and readable docs', async () => {
    const doc = await (await h().app.request('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/accounts', '/tokens', '/me', '/me/notifications']));
    const schema = doc.paths['/accounts'].post.requestBody.content['application/json'].schema;
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema;
    expect(resolved.required).toEqual(expect.arrayContaining(['handle', 'email', 'password', 'displayName']));
    const docs = await (await h().app.request('/api/docs')).text();
    expect(docs).toContain('POST /api/v1/accounts');
  });

  it('serves the stylesheet with an ETag and answers 304 when unchanged', async () => {
    const first = await h().app.request('/static/style.css');
    expect(first.headers.get('content-type')).toContain('text/css');
    const etag = first.headers.get('etag')!;
    const again = await h().app.request('/static/style.css', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await h()
      .agent()
      .api('POST', '/accounts', { handle: 'x'.repeat(3 * 1024 * 1024) });
    expect(res.status).toBe(413);
  });
});

describe('when something breaks', () => {
  it('shows a friendly 500 page with a reference and logs the error, never the stack', async () => {
    const h = await createHarness('sqlite');
    try {
      h.app.get('/test-only/boom', () => {
        throw new Error('secret internals at /srv/app.js:42');
      });
      h.app.get('/api/v1/test-only/boom', () => {
        throw new Error('secret internals');
      });
      const page = await h.app.request('/test-only/boom', { headers: { 'x-request-id': 'req-123' } });
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain('Something went wrong on our side');
      expect(html).toContain('Reference: req-123');
      expect(html).not.toContain('secret internals');
      const api = await h.app.request('/api/v1/test-only/boom');
      expect(api.status).toBe(500);
      expect(JSON.stringify(await api.json())).not.toContain('secret internals');
    } finally {
      await h.close();
    }
  });
});

describe('under https', () => {
  it('marks the session cookie Secure and sends HSTS', async () => {
    const h = await createHarness('sqlite', { env: { BASE_URL: 'https://commonplace.example' } });
    try {
      const res = await h.app.request('https://commonplace.example/api/v1/accounts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://commonplace.example' },
        body: JSON.stringify({ handle: 'sec_ure', email: 'sec@example.org', password: 'a quiet reading room', displayName: 'S' }),
      });
      expect(res.status).toBe(201);
      const page = await h.app.request('https://commonplace.example/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://commonplace.example' },
        body: 'login=sec_ure&password=a+quiet+reading+room',
      });
      expect(page.headers.getSetCookie().find((c) => c.startsWith('cp_session='))).toMatch(/;\s*Secure/);
      expect(page.headers.get('strict-transport-security')).toContain('max-age=');
    } finally {
      await h.close();
    }
  });
});

describe('when the database is gone', () => {
  it('answers /healthz with 503', async () => {
    const h = await createHarness('sqlite');
    await h.ctx.db.close();
    try {
      const res = await h.app.request('/healthz');
      expect(res.status).toBe(503);
    } finally {
      await h.close().catch(() => undefined);
    }
  });
});
