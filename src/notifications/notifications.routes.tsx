import { Hono } from 'hono';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { emailPreferences, listNotifications, markRead, notificationKinds, setEmailPreferences } from './notifications.service.ts';
import { NotificationsPage } from './notifications.views.tsx';

/** A member's notifications and which of them also come by email. */
export const notificationPages = new Hono<AppEnv>();
notificationPages.use('*', requireSignedIn);

notificationPages.get('/', async (c) => {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer')!;
  const [list, prefs] = await Promise.all([
    listNotifications(ctx, viewer.id, { before: c.req.query('before'), limit: 50 }),
    emailPreferences(ctx, viewer.id),
  ]);
  return renderPage(c, 'Notifications', <NotificationsPage items={list.items} next={list.next} prefs={prefs} />);
});

notificationPages.post('/read', async (c) => {
  await markRead(c.get('ctx'), c.get('viewer')!.id);
  setFlash(c, { kind: 'success', message: 'All notifications are marked read.' });
  return c.redirect('/notifications', 303);
});

/** Opening a notification marks it read and follows its link. */
notificationPages.post('/:id/open', async (c) => {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer')!;
  await markRead(ctx, viewer.id, c.req.param('id'));
  const { items } = await listNotifications(ctx, viewer.id, { limit: 200 });
  const target = items.find((n) => n.id === c.req.param('id'))?.url ?? '/notifications';
  return c.redirect(target.startsWith('/') ? target : '/notifications', 303);
});

notificationPages.post('/preferences', async (c) => {
  const form = await readForm(c);
  const prefs = Object.fromEntries(Object.keys(notificationKinds).map((k) => [k, form[`email-${k}`] === 'on']));
  await setEmailPreferences(c.get('ctx'), c.get('viewer')!.id, prefs);
  setFlash(c, { kind: 'success', message: 'Your mail choices are saved.' });
  return c.redirect('/notifications#mail', 303);
});
