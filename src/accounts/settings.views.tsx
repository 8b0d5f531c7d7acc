import type { Account } from './accounts.service.ts';
import type { ApiTokenInfo } from './api-tokens.ts';
import type { SessionInfo } from './sessions.ts';
import { Card, ErrorSummary, Field, Time } from '../ui/components.tsx';

export interface SettingsProps {
  readonly account: Account;
  readonly tokens: readonly ApiTokenInfo[];
  readonly sessions: readonly SessionInfo[];
  readonly currentSessionId: string | undefined;
  /** A token just created, shown this once. */
  readonly newToken?: string | undefined;
  readonly section?: string | undefined;
  readonly values?: Readonly<Record<string, string>>;
  readonly fields?: Readonly<Record<string, string>> | undefined;
  readonly message?: string | undefined;
}

export function SettingsPage(p: SettingsProps) {
  const errorsFor = (section: string) => (p.section === section ? p.fields : undefined);
  const messageFor = (section: string) => (p.section === section ? p.message : undefined);
  const values = p.values ?? {};
  return (
    <>
      <h1>Settings</h1>
      <p>
        Signed in as <strong>{p.account.displayName}</strong> (@{p.account.handle}). Roles: {p.account.roles.join(', ')}.
      </p>

      <p>
        <a href="/settings/blogs">Your blogs elsewhere</a>: follow a blog you write on another site.
      </p>

      <Card title="Your name">
        <ErrorSummary message={messageFor('profile')} fields={errorsFor('profile')} />
        <form method="post" action="/settings/profile">
          <Field
            name="displayName"
            label="Display name"
            value={p.section === 'profile' ? values.displayName : p.account.displayName}
            error={errorsFor('profile')?.displayName}
            required
            maxlength={80}
            autocomplete="name"
          />
          <button type="submit">Save name</button>
        </form>
      </Card>

      <Card title="Email address">
        <p>
          Your address is <strong>{p.account.email}</strong> {p.account.emailVerified ? '(confirmed).' : '(not confirmed yet).'}
        </p>
        {!p.account.emailVerified && (
          <form method="post" action="/settings/verification" class="inline-form">
            <button type="submit" class="secondary">
              Send the confirmation link again
            </button>
          </form>
        )}
        <ErrorSummary message={messageFor('email')} fields={errorsFor('email')} />
        <form method="post" action="/settings/email" novalidate>
          <Field
            name="email"
            label="New email address"
            type="email"
            value={p.section === 'email' ? values.email : ''}
            error={errorsFor('email')?.email}
            autocomplete="email"
            required
          />
          <Field
            name="password"
            label="Current password"
            type="password"
            error={errorsFor('email')?.password}
            autocomplete="current-password"
            required
          />
          <button type="submit">Change email address</button>
        </form>
      </Card>

      <Card title="Password">
        <ErrorSummary message={messageFor('password')} fields={errorsFor('password')} />
        <form method="post" action="/settings/password" novalidate>
          <Field
            name="currentPassword"
            label="Current password"
            type="password"
            error={errorsFor('password')?.currentPassword}
            autocomplete="current-password"
            required
          />
          <Field
            name="newPassword"
            label="New password"
            type="password"
            error={errorsFor('password')?.newPassword}
            autocomplete="new-password"
            required
            minlength={12}
            hint="At least 12 characters."
          />
          <button type="submit">Change password</button>
        </form>
      </Card>

      <Card title="API tokens">
        <p>Tokens let scripts and apps act as you through the API. Treat them like passwords.</p>
        {p.newToken && (
          <div class="flash flash-success" role="status">
            <p>Your new token (copy it now; it will not be shown again):</p>
            <p>
              <code class="token">{p.newToken}</code>
            </p>
          </div>
        )}
        {p.tokens.length === 0 ? (
          <p>You have no API tokens.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Your API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>
                    <Time iso={t.createdAt} />
                  </td>
                  <td>{t.lastUsedAt ? <Time iso={t.lastUsedAt} /> : 'never'}</td>
                  <td>
                    <form method="post" action={`/settings/tokens/${t.id}/revoke`} class="inline-form">
                      <button type="submit" class="secondary">
                        Revoke <span class="visually-hidden">{t.name}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action="/settings/tokens">
          <Field name="name" label="Token name" hint="What will use it, e.g. 'my feed script'." maxlength={80} />
          <button type="submit">Create token</button>
        </form>
      </Card>

      <Card title="Where you are signed in">
        <ul>
          {p.sessions.map((s) => (
            <li>
              {s.userAgent ?? 'Unknown browser'} — last active <Time iso={s.lastSeenAt} />
              {s.id === p.currentSessionId && <strong> (this browser)</strong>}
            </li>
          ))}
        </ul>
        <form method="post" action="/settings/sessions/sign-out-everywhere">
          <button type="submit" class="secondary">
            Sign out everywhere else
          </button>
        </form>
      </Card>
    </>
  );
}
