import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { latestMailTo, linkIn } from '../../test/support/mail.ts';

const strong = 'a quiet reading room';

describeEachDatabase('accounts API', (h) => {
  it('creates an account and hands out a token by handle or by email', async () => {
    const agent = h().agent();
    const created = await agent.api('POST', '/accounts', {
      handle: 'Jo_Reads',
      email: 'jo@example.org',
      password: strong,
      displayName: 'Jo',
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toEqual({ id: expect.any(String), handle: 'jo_reads' });

    for (const login of ['jo_reads', 'JO@example.org', '@Jo_Reads']) {
      const res = await agent.api('POST', '/tokens', { login, password: strong });
      expect(res.status).toBe(201);
      expect((await res.json()).token).toMatch(/^cp_/);
    }
  });

  it('answers GET /me for a bearer token, and 401 once it is revoked', async () => {
    const agent = h().agent();
    await agent.api('POST', '/accounts', { handle: 'ro_token', email: 'ro@example.org', password: strong, displayName: 'Ro' });
    const { token, id } = await (await agent.api('POST', '/tokens', { login: 'ro_token', password: strong })).json();
    agent.token = token;
    const me = await agent.api('GET', '/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ handle: 'ro_token', displayName: 'Ro', email: 'ro@example.org', roles: ['member'] });

    expect((await agent.api('DELETE', `/tokens/${id}`)).status).toBe(204);
    const after = await agent.api('GET', '/me');
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('unauthorized');
  });

  it('refuses a taken handle regardless of case, with a message on the field', async () => {
    const agent = h().agent();
    await agent.api('POST', '/accounts', { handle: 'casey', email: 'casey1@example.org', password: strong, displayName: 'Casey' });
    const res = await agent.api('POST', '/accounts', {
      handle: 'CASEY',
      email: 'casey2@example.org',
      password: strong,
      displayName: 'Casey',
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.fields.handle).toMatch(/taken/);
  });

  it('explains every bad field at once', async () => {
    const res = await h().agent().api('POST', '/accounts', { handle: 'no', email: 'not-an-email', password: 'short', displayName: '' });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('bad_input');
    expect(Object.keys(error.fields).sort()).toEqual(['displayName', 'email', 'handle', 'password']);
    expect(error.fields.password).toBe('Use at least 12 characters (this one has 5).');
  });

  it('reports a bad email and a short password together', async () => {
    const res = await h()
      .agent()
      .api('POST', '/accounts', { handle: 'both_wrong', email: 'both@wrong', password: 'short pw', displayName: 'Both' });
    expect(res.status).toBe(400);
    const { fields } = (await res.json()).error;
    expect(fields).toEqual({
      email: 'Enter an email address like name@example.org.',
      password: 'Use at least 12 characters (this one has 8).',
    });
  });

  it('refuses a password that is the handle, once the handle itself is right', async () => {
    const res = await h()
      .agent()
      .api('POST', '/accounts', { handle: 'mirrorhandle', email: 'mirror@example.org', password: 'mirrorhandle', displayName: 'M' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ password: 'Do not use your handle or email address as your password.' });
  });

  it('refuses short and commonly used passwords', async () => {
    const agent = h().agent();
    for (const password of ['short pass', 'password1234', 'qwerty123456', 'aaaaaaaaaaaaaaaa']) {
      const res = await agent.api('POST', '/accounts', { handle: 'pw_tester', email: 'pw@example.org', password, displayName: 'P' });
      expect(res.status, password).toBe(400);
      expect((await res.json()).error.fields.password).toBeTruthy();
    }
  });

  it('says 400 with a plain message for a body that is not JSON', async () => {
    const res = await h().app.request('/api/v1/accounts', {
      method: 'POST',
      body: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_input');
  });

  it('stores argon2id hashes and never the clear password', async () => {
    const agent = h().agent();
    await agent.api('POST', '/accounts', { handle: 'hash_check', email: 'hash@example.org', password: strong, displayName: 'H' });
    const row = await h()
      .ctx.db.kysely.selectFrom('users')
      .select('password_hash')
      .where('handle', '=', 'hash_check')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(strong);
    const tokens = await h().ctx.db.kysely.selectFrom('api_tokens').select('token_hash').execute();
    for (const t of tokens) expect(t.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('meets 429 with Retry-After within fifteen wrong passwords for one account', async () => {
    const agent = h().agent();
    const created = await agent.api('POST', '/accounts', {
      handle: 'locked_out',
      email: 'locked@example.org',
      password: strong,
      displayName: 'L',
    });
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 15; i++) {
      const res = await agent.api('POST', '/tokens', { login: 'locked_out', password: `wrong guess ${i}` });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits until the window passes.
    expect((await agent.api('POST', '/tokens', { login: 'locked_out', password: strong })).status).toBe(429);
    h().clock.advance(16 * 60_000);
    expect((await agent.api('POST', '/tokens', { login: 'locked_out', password: strong })).status).toBe(201);
  });
});

describeEachDatabase('sign-up throttling', (h) => {
  it('limits sign-ups from one address, with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await h()
        .agent('198.51.100.7')
        .api('POST', '/accounts', { handle: `flood_${i}`, email: `flood${i}@example.org`, password: strong, displayName: 'F' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const other = await h()
      .agent('198.51.100.8')
      .api('POST', '/accounts', { handle: 'calm_one', email: 'calm@example.org', password: strong, displayName: 'C' });
    expect(other.status).toBe(201);
  });
});

describeEachDatabase('account pages', (h) => {
  it('signs up through the form, is signed in, and confirms the email from the outbox', async () => {
    const agent = h().agent();
    const res = await agent.post('/sign-up', { displayName: 'Ada Page', handle: 'ada_page', email: 'ada@example.org', password: strong });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cp_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const home = await (await agent.get('/')).text();
    expect(home).toContain('Hello, Ada Page');
    expect(home).toContain('Please confirm your email address');

    const mail = await latestMailTo(h(), 'ada@example.org');
    expect(mail.subject).toMatch(/Confirm your email/);
    const confirm = await agent.get(new URL(linkIn(mail.text)).pathname);
    expect(confirm.status).toBe(303);
    expect(await (await agent.get('/')).text()).not.toContain('Please confirm your email address');
    // A link works once.
    expect((await agent.get(new URL(linkIn(mail.text)).pathname)).status).toBe(404);
  });

  it('keeps what was typed and names each problem when sign-up fails', async () => {
    const res = await h()
      .agent()
      .post('/sign-up', { displayName: 'Bea <b>Bold</b>', handle: 'bad handle!', email: 'bea@example.org', password: 'short' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="bea@example.org"');
    expect(html).toContain('value="Bea &lt;b&gt;Bold&lt;/b&gt;"');
    expect(html).toContain('Use 3–30 characters');
    expect(html).toContain('Use at least 12 characters (this one has 5).'); // shown with the handle's, not after it
    expect(html).not.toContain('value="short"');
    expect(html).toContain('aria-invalid="true"');
  });

  it('signs out by POST and in again by email, with a new session id each time', async () => {
    const agent = h().agent();
    await agent.post('/sign-up', { displayName: 'Cy', handle: 'cy_rotate', email: 'cy@example.org', password: strong });
    const first = agent.cookies.get('cp_session');
    expect((await agent.post('/sign-out')).status).toBe(303);
    expect(agent.cookies.has('cp_session')).toBe(false);
    expect(await (await agent.get('/')).text()).toContain('Create an account');

    const wrong = await agent.post('/sign-in', { login: 'cy@example.org', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('value="cy@example.org"');

    const ok = await agent.post('/sign-in', { login: 'cy@example.org', password: strong, next: '/settings' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/settings');
    expect(agent.cookies.get('cp_session')).not.toBe(first);
    // An open redirect is not followed.
    await agent.post('/sign-out');
    const away = await agent.post('/sign-in', { login: 'cy_rotate', password: strong, next: '//evil.example/' });
    expect(away.headers.get('location')).toBe('/');
  });

  it('resets a forgotten password by a single-use link that lapses after an hour', async () => {
    const agent = h().agent();
    await agent.post('/sign-up', { displayName: 'Di', handle: 'di_reset', email: 'di@example.org', password: strong });
    await agent.post('/sign-out');

    expect((await agent.post('/forgot-password', { email: 'di@example.org' })).status).toBe(303);
    const mail = await latestMailTo(h(), 'di@example.org');
    const path = new URL(linkIn(mail.text)).pathname;
    expect((await agent.get(path)).status).toBe(200);
    const weak = await agent.post(path, { password: 'password' });
    expect(weak.status).toBe(400);
    const done = await agent.post(path, { password: 'a brand new passphrase' });
    expect(done.status).toBe(303);
    expect((await agent.get(path)).status).toBe(404);
    await agent.post('/sign-out');
    expect((await agent.post('/sign-in', { login: 'di_reset', password: 'a brand new passphrase' })).status).toBe(303);

    // A second link, followed too late.
    await agent.post('/forgot-password', { email: 'di@example.org' });
    const late = new URL(linkIn((await latestMailTo(h(), 'di@example.org')).text)).pathname;
    h().clock.advance(61 * 60_000);
    expect((await agent.get(late)).status).toBe(404);
    // Unknown addresses get the same answer, and no mail.
    expect((await agent.post('/forgot-password', { email: 'nobody@example.org' })).status).toBe(303);
  });

  it('changes email (after confirming the new address) and password, signing out other sessions', async () => {
    const agent = h().agent();
    const other = h().agent();
    await agent.post('/sign-up', { displayName: 'Ed', handle: 'ed_change', email: 'ed@example.org', password: strong });
    await other.post('/sign-in', { login: 'ed_change', password: strong });
    expect(await (await other.get('/')).text()).toContain('Hello, Ed');

    const badPw = await agent.post('/settings/email', { email: 'ed.new@example.org', password: 'wrong' });
    expect(badPw.status).toBe(400);
    expect((await agent.post('/settings/email', { email: 'ed.new@example.org', password: strong })).status).toBe(303);
    const mail = await latestMailTo(h(), 'ed.new@example.org');
    await agent.get(new URL(linkIn(mail.text)).pathname);
    expect(await (await agent.get('/settings')).text()).toContain('ed.new@example.org');

    expect((await agent.post('/settings/password', { currentPassword: strong, newPassword: 'another long phrase' })).status).toBe(303);
    expect(await (await agent.get('/')).text()).toContain('Hello, Ed');
    expect(await (await other.get('/')).text()).toContain('Create an account');
  });

  it('signs out everywhere else, and ends idle sessions', async () => {
    const a = h().agent();
    const b = h().agent();
    await a.post('/sign-up', { displayName: 'Fi', handle: 'fi_sessions', email: 'fi@example.org', password: strong });
    await b.post('/sign-in', { login: 'fi_sessions', password: strong });
    await a.post('/settings/sessions/sign-out-everywhere');
    expect(await (await a.get('/')).text()).toContain('Hello, Fi');
    expect(await (await b.get('/')).text()).toContain('Create an account');

    h().clock.advance(15 * 86_400_000);
    expect(await (await a.get('/')).text()).toContain('Create an account');
  });

  it('creates and revokes an API token from settings', async () => {
    const agent = h().agent();
    await agent.post('/sign-up', { displayName: 'Gu', handle: 'gu_tokens', email: 'gu@example.org', password: strong });
    const page = await (await agent.post('/settings/tokens', { name: 'feed script' })).text();
    const token = /<code class="token">(cp_[a-z0-9]+)<\/code>/.exec(page)![1]!;
    const api = h().agent();
    api.token = token;
    expect((await api.api('GET', '/me')).status).toBe(200);
    const id = /action="\/settings\/tokens\/([^/]+)\/revoke"/.exec(page)![1]!;
    await agent.post(`/settings/tokens/${id}/revoke`);
    expect((await api.api('GET', '/me')).status).toBe(401);
  });

  it('keeps settings and the outbox from people who may not see them', async () => {
    const visitor = h().agent();
    const res = await visitor.get('/settings');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fsettings');
    const member = h().agent();
    await member.post('/sign-up', { displayName: 'Ha', handle: 'ha_member', email: 'ha@example.org', password: strong });
    expect((await member.get('/admin/outbox')).status).toBe(403);
  });
});

describe('sign-in form cross-site', () => {
  // Pure page-level behaviour with no database differences: one dialect is enough.
  it.each(['https://evil.example'])('refuses a form posted from %s with 403', async (origin) => {
    const { createHarness } = await import('../../test/support/harness.ts');
    const h = await createHarness('sqlite');
    try {
      const res = await h.agent().post('/sign-in', { login: 'x', password: 'y' }, { origin });
      expect(res.status).toBe(403);
      const alsoCrossSite = await h.agent().post('/sign-up', {}, { origin: 'null', 'sec-fetch-site': 'cross-site' });
      expect(alsoCrossSite.status).toBe(403);
    } finally {
      await h.close();
    }
  });
});
