import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { rateRules } from '../rate-limit.ts';
import { requireSignedIn } from '../ui/request.ts';
import { changePassword, loadAccount, requestEmailChange, sendEmailVerification, updateDisplayName } from './accounts.service.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { deleteSessionsOf, listSessions } from './sessions.ts';
import { SettingsPage, type SettingsProps } from './settings.views.tsx';

/** A signed-in person's own account settings. */
export const settingsPages = new Hono<AppEnv>();
settingsPages.use('/settings', requireSignedIn);
settingsPages.use('/settings/*', requireSignedIn);

async function showSettings(c: Context<AppEnv>, extra: Partial<SettingsProps> = {}, status = 200) {
  const ctx = c.get('ctx');
  const account = (await loadAccount(ctx, c.get('viewer')!.id))!;
  const [tokens, sessions] = await Promise.all([listApiTokens(ctx, account.id), listSessions(ctx, account.id)]);
  return renderPage(
    c,
    'Settings',
    <SettingsPage account={account} tokens={tokens} sessions={sessions} currentSessionId={c.get('sessionId')} {...extra} />,
    { status },
  );
}

/** Runs a settings change; on a problem, shows the page again with the section's errors. */
async function attempt(c: Context<AppEnv>, section: string, values: Record<string, string>, action: () => Promise<string>) {
  try {
    const message = await action();
    setFlash(c, { kind: 'success', message });
    return c.redirect('/settings', 303);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter));
    return showSettings(c, { section, values, fields: error.fields, message: error.message }, error.status);
  }
}

settingsPages.get('/settings', (c) => showSettings(c));

settingsPages.post('/settings/profile', async (c) => {
  const values = await readForm(c);
  return attempt(c, 'profile', values, async () => {
    await updateDisplayName(c.get('ctx'), c.get('viewer')!, values.displayName ?? '');
    return 'Your name is saved.';
  });
});

settingsPages.post('/settings/verification', async (c) =>
  attempt(c, 'email', {}, async () => {
    await sendEmailVerification(c.get('ctx'), c.get('viewer')!);
    return `We sent a new confirmation link to ${c.get('viewer')!.email}.`;
  }),
);

settingsPages.post('/settings/email', async (c) => {
  const values = await readForm(c);
  return attempt(c, 'email', { email: values.email ?? '' }, async () => {
    await requestEmailChange(c.get('ctx'), c.get('viewer')!, values.email ?? '', values.password ?? '');
    return `We sent a link to ${values.email?.trim()}. Your address changes when you follow it.`;
  });
});

settingsPages.post('/settings/password', async (c) => {
  const values = await readForm(c);
  return attempt(c, 'password', {}, async () => {
    await changePassword(c.get('ctx'), c.get('viewer')!, values.currentPassword ?? '', values.newPassword ?? '', c.get('sessionId'));
    return 'Your password is changed. Every other session was signed out.';
  });
});

settingsPages.post('/settings/tokens', async (c) => {
  const ctx = c.get('ctx');
  const values = await readForm(c);
  const wait = ctx.limiter.consume(`token:account:${c.get('viewer')!.id}`, rateRules.tokenPerIp);
  if (wait) {
    c.header('Retry-After', String(wait));
    return showSettings(c, { section: 'tokens', message: 'Too many tokens were created just now. Please wait a few minutes.' }, 429);
  }
  const { token } = await createApiToken(ctx, c.get('viewer')!.id, values.name ?? '');
  return showSettings(c, { newToken: token });
});

settingsPages.post('/settings/tokens/:id/revoke', async (c) =>
  attempt(c, 'tokens', {}, async () => {
    await revokeApiToken(c.get('ctx'), c.get('viewer')!.id, c.req.param('id'));
    return 'The token is revoked.';
  }),
);

settingsPages.post('/settings/sessions/sign-out-everywhere', async (c) => {
  const count = await deleteSessionsOf(c.get('ctx'), c.get('viewer')!.id, c.get('sessionId'));
  setFlash(c, { kind: 'success', message: `Signed out of ${count} other session${count === 1 ? '' : 's'}.` });
  return c.redirect('/settings', 303);
});
