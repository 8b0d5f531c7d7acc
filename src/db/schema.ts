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
