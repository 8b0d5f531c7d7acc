import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { Time } from '../ui/components.tsx';
import { grantableRoles, roleDescriptions, searchMembersWithRoles, setMemberRoles } from '../accounts/roles.service.ts';
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
  return renderPage(
    c,
    'Outbox',
    <>
      <h1>Outbox</h1>
      <p>
        No SMTP server is configured (<code>SMTP_URL</code>), so mail is kept here and in <code>DATA_DIR/outbox/</code> instead of being
        sent.
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

adminPages.get('/members', async (c) => {
  const query = c.req.query('q') ?? '';
  const members = await searchMembersWithRoles(c.get('ctx'), query);
  return renderPage(
    c,
    'Members and roles',
    <>
      <h1>Members and roles</h1>
      <p>
        Every account is a member. Give more to the people who need it. (Mail waiting to be read is in the{' '}
        <a href="/admin/outbox">outbox</a>.)
      </p>
      <ul>
        {grantableRoles.map((r) => (
          <li>
            <strong>{r}</strong>: {roleDescriptions[r]}
          </li>
        ))}
      </ul>
      <form method="get" action="/admin/members" class="search-form" role="search">
        <label for="member-search">Find a member by handle or name</label>
        <input id="member-search" type="search" name="q" value={query} />
        <button type="submit">Search</button>
      </form>
      {members.length === 0 ? (
        <p>No member matches.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Members and their roles (first 50)</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Roles</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr>
                <th scope="row">
                  {m.displayName} <span class="muted">@{m.handle}</span>
                </th>
                <td>
                  <form method="post" action={`/admin/members/${m.handle}/roles`}>
                    <fieldset>
                      <legend class="visually-hidden">Roles of @{m.handle}</legend>
                      {grantableRoles.map((r) => (
                        <span class="choice">
                          <input type="checkbox" id={`role-${m.handle}-${r}`} name="roles" value={r} checked={m.roles.includes(r)} />
                          <label for={`role-${m.handle}-${r}`}>{r}</label>
                        </span>
                      ))}
                    </fieldset>
                    <button type="submit" class="secondary">
                      Save <span class="visually-hidden">roles of @{m.handle}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>,
  );
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
