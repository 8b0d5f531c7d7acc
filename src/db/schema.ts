/**
 * Table types (snake_case rows). Instants are ISO-8601 UTC text and flags are 0/1 integers in both
 * SQLite and PostgreSQL, so every query reads and sorts the same on either.
 */
export interface Database {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  email_tokens: EmailTokensTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  external_blogs: ExternalBlogsTable;
  external_posts: ExternalPostsTable;
}

export interface UsersTable {
  id: string;
  handle: string;
  handle_key: string;
  email: string;
  email_key: string;
  display_name: string;
  password_hash: string;
  email_verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export type Role = 'member' | 'organiser' | 'moderator' | 'admin';

export interface UserRolesTable {
  user_id: string;
  role: Role;
  granted_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a leaked table opens no session. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type EmailTokenPurpose = 'verify-email' | 'reset-password' | 'change-email';

export interface EmailTokensTable {
  id: string;
  user_id: string;
  purpose: EmailTokenPurpose;
  token_hash: string;
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  text: string;
  url: string;
  created_at: string;
  read_at: string | null;
}

/** A row only where a member changed the default (email on) for a kind. */
export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  email: number;
}

/** A blog a member writes elsewhere, followed through its feed. */
export interface ExternalBlogsTable {
  id: string;
  user_id: string;
  feed_url: string;
  site_url: string | null;
  title: string;
  /** Validators from the last 200, sent back as If-None-Match / If-Modified-Since. */
  etag: string | null;
  last_modified: string | null;
  created_at: string;
  last_checked_at: string | null;
  last_new_post_at: string | null;
  /** A plain sentence for the member ("The feed answered 404 (not found) on 3 Nov 2026."). */
  last_error: string | null;
  /** Failures in a row: drives the back-off. */
  error_count: number;
  next_check_at: string;
  paused: number;
}

export type ExternalMatchStatus = 'matched' | 'ambiguous' | 'unmatched' | 'assigned' | 'unassigned';

/** A post brought in from an external feed; `id` is the postId in post events. */
export interface ExternalPostsTable {
  id: string;
  blog_id: string;
  user_id: string;
  /** `id:<guid>`, else `url:<link>`, else `tt:<title>|<date>`: unique per blog. */
  dedup_key: string;
  guid: string | null;
  url: string | null;
  title: string;
  excerpt: string;
  /** Sanitised. */
  content_html: string | null;
  /** Of what the feed said, to tell an edit from a repeat. */
  content_hash: string;
  /** JSON array of lower-cased tags. */
  tags: string;
  published_at: string;
  updated_at: string | null;
  first_seen_at: string;
  thing_programme: string | null;
  thing_number: number | null;
  /** matched/ambiguous/unmatched by the rules; assigned/unassigned by the member (kept on edits). */
  match_status: ExternalMatchStatus;
  match_rule: string | null;
  /** JSON array of {programme, number, title} offered when ambiguous. */
  candidates: string | null;
}
