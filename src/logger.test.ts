import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createHarness } from '../test/support/harness.ts';
import { latestMailTo, linkIn } from '../test/support/mail.ts';
import { createLogger } from './logger.ts';
import { createApp } from './web/app.ts';

it('logs requests with ids but never a password, token or cookie', async () => {
  const h = await createHarness('sqlite');
  let logs = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  const app = createApp({ ...h.ctx, log: createLogger('debug', sink) });
  try {
    const password = 'secret reading lamp';
    const post = (path: string, body: string, extra: Record<string, string> = {}) =>
      app.request(`http://localhost:3000${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000', ...extra },
      });
    const signUp = await post('/sign-up', `displayName=Lu&handle=lu_logs&email=lu%40example.org&password=${encodeURIComponent(password)}`);
    const cookie = signUp.headers.getSetCookie()[0]!.split(';')[0]!;
    await app.request('http://localhost:3000/settings', { headers: { cookie } });
    const tokenRes = await app.request('http://localhost:3000/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'lu_logs', password }),
    });
    const { token } = await tokenRes.json();
    await app.request('http://localhost:3000/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    await post('/forgot-password', 'email=lu%40example.org');
    const resetPath = new URL(linkIn((await latestMailTo(h, 'lu@example.org')).text)).pathname;
    await app.request(`http://localhost:3000${resetPath}`);

    expect(logs).toContain('"requestId"');
    expect(logs).toContain('"path":"/reset-password/:secret"');
    for (const secret of [password, encodeURIComponent(password), token, cookie.split('=')[1]!, resetPath.split('/').pop()!]) {
      expect(logs).not.toContain(secret);
    }
  } finally {
    await h.close();
  }
});
