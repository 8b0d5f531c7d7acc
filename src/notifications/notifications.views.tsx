import { Card, Time } from '../ui/components.tsx';
import { notificationKinds, type NotificationView } from './notifications.service.ts';

export function NotificationsPage({
  items,
  next,
  prefs,
}: {
  items: readonly NotificationView[];
  next: string | null;
  prefs: Readonly<Record<string, boolean>>;
}) {
  const unread = items.filter((n) => !n.read).length;
  return (
    <>
      <h1>Notifications</h1>
      {items.length === 0 ? (
        <p>Nothing yet. When a Thing opens, or someone comments on your posts, you will see it here.</p>
      ) : (
        <>
          {unread > 0 && (
            <form method="post" action="/notifications/read">
              <button type="submit" class="secondary">
                Mark all as read
              </button>
            </form>
          )}
          <ul class="notification-list">
            {items.map((n) => (
              <li class={n.read ? 'notification' : 'notification unread'}>
                <form method="post" action={`/notifications/${n.id}/open`} class="inline-form">
                  <button type="submit" class="link-button">
                    {!n.read && <span class="visually-hidden">Unread: </span>}
                    {n.text}
                  </button>
                </form>{' '}
                <small>
                  <Time iso={n.createdAt} />
                </small>
              </li>
            ))}
          </ul>
          {next && <a href={`/notifications?before=${encodeURIComponent(next)}`}>Older notifications</a>}
        </>
      )}
      <Card title="Email me when…" id="mail">
        <form method="post" action="/notifications/preferences">
          <fieldset>
            <legend>Choose which notifications also come by email (to a confirmed address only)</legend>
            {Object.entries(notificationKinds).map(([kind, label]) => (
              <div class="checkbox">
                <input type="checkbox" id={`email-${kind}`} name={`email-${kind}`} checked={prefs[kind] ?? true} />
                <label for={`email-${kind}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">Save mail choices</button>
        </form>
      </Card>
    </>
  );
}
