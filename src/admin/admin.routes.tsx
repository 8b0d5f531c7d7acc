import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../web/env.ts';
import { renderPage } from '../web/layout.tsx';
import { requireSignedIn } from '../web/session.ts';
import { Time } from '../web/components.tsx';

/** Administrators' pages. */
export const adminPages = new Hono<AppEnv>();

adminPages.use('*', requireSignedIn);
adminPages.use('*', async (c, next) => {
  if (!c.get('viewer')!.roles.includes('admin')) throw new AppError('forbidden', 'Only administrators can see this page.');
  await next();
});

adminPages.get('/outbox', async (c) => {
  const messages = await c.get('ctx').mailer.outbox();
  return renderPage(
    c,
    'Outbox',
    <>
      <h1>Outbox</h1>
      <p>
        No SMTP server is configured (<code>SMTP_URL</code>), so mail is kept here and in <code>DATA_DIR/outbox/</code>{' '}
        instead of being sent.
      </p>
      {messages.length === 0 ? (
        <p>No mail yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Mail kept in the outbox, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr>
                <td>
                  <Time iso={m.sentAt} />
                </td>
                <td>{m.to}</td>
                <td>
                  <a href={`/admin/outbox/${m.id}`}>{m.subject}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>,
  );
});

adminPages.get('/outbox/:id', async (c) => {
  const message = (await c.get('ctx').mailer.outbox()).find((m) => m.id === c.req.param('id'));
  if (!message) throw new AppError('not_found', 'No such message.');
  return renderPage(
    c,
    message.subject,
    <>
      <h1>{message.subject}</h1>
      <dl class="meta">
        <dt>To</dt>
        <dd>{message.to}</dd>
        <dt>Written</dt>
        <dd>
          <Time iso={message.sentAt} />
        </dd>
      </dl>
      <pre class="mail-body">{message.text}</pre>
      <p>
        <a href="/admin/outbox">Back to the outbox</a>
      </p>
    </>,
  );
});
