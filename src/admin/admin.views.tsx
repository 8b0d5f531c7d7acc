import { grantableRoles, type MemberWithRoles, roleDescriptions } from '../accounts/roles.service.ts';
import type { OutboxMessage } from '../mail/mailer.ts';
import { Time } from '../ui/components.tsx';

/** /admin/outbox: mail kept instead of sent when no SMTP server is configured. */
export function OutboxPage({ messages }: { messages: readonly OutboxMessage[] }) {
  return (
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
    </>
  );
}

/** /admin/outbox/{id}: one kept message as it would have been sent. */
export function OutboxMessagePage({ message }: { message: OutboxMessage }) {
  return (
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
    </>
  );
}

/** /admin/members: the roles, a search, and each member's roles to change. */
export function MembersPage({ query, members }: { query: string; members: readonly MemberWithRoles[] }) {
  return (
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
    </>
  );
}
