import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { searchMembersWithRoles, setMemberRoles } from '../accounts/roles.service.ts';
import { MembersPage, OutboxMessagePage, OutboxPage } from './admin.views.tsx';
import { setFlash } from '../ui/flash.ts';

/** Administrators' pages. */
export const adminPages = new Hono<AppEnv>();

adminPages.use('*', requireSignedIn);
adminPages.use('*', async (c, next) => {
  if (!c.get('viewer')!.roles.includes('admin')) throw new AppError('forbidden', 'Only administrators can see this page.');
  await next();
});

adminPages.get('/outbox', async (c) => {
  const messages = await c.get('ctx').mailer.outbox();
  return renderPage(c, 'Outbox', <OutboxPage messages={messages} />);
});

adminPages.get('/outbox/:id', async (c) => {
  const message = (await c.get('ctx').mailer.outbox()).find((m) => m.id === c.req.param('id'));
  if (!message) throw new AppError('not_found', 'No such message.');
  return renderPage(c, message.subject, <OutboxMessagePage message={message} />);
});

adminPages.get('/members', async (c) => {
  const query = c.req.query('q') ?? '';
  const members = await searchMembersWithRoles(c.get('ctx'), query);
  return renderPage(c, 'Members and roles', <MembersPage query={query} members={members} />);
});

adminPages.post('/members/:handle/roles', async (c) => {
  const body = await c.req.parseBody({ all: true });
  const raw = body.roles;
  const roles = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((r): r is string => typeof r === 'string');
  try {
    const now = await setMemberRoles(c.get('ctx'), c.get('viewer'), c.req.param('handle'), roles);
    setFlash(c, { kind: 'success', message: `@${c.req.param('handle')} now has: ${now.join(', ')}.` });
  } catch (error) {
    if (!(error instanceof AppError) || error.status === 403) throw error;
    setFlash(c, { kind: 'error', message: error.message });
  }
  return c.redirect(`/admin/members?q=${encodeURIComponent(c.req.param('handle'))}`, 303);
});
