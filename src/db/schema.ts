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
  blogs: BlogsTable;
  posts: PostsTable;
  post_tags: PostTagsTable;
  comments: CommentsTable;
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

export type Visibility = 'public' | 'members' | 'connections' | 'private';
export type PostStatus = 'draft' | 'scheduled' | 'published';
/** Who may comment: any signed-in member, the author's connections, or nobody. */
export type CommentPolicy = 'signed_in' | 'connections' | 'nobody';

/** A member's blog settings; a member without a row has the defaults. */
export interface BlogsTable {
  user_id: string;
  title: string | null;
  comments: CommentPolicy;
  updated_at: string;
}

export interface PostsTable {
  id: string;
  author_id: string;
  /** Unique per author; kept when the title changes, so links keep working. */
  slug: string;
  title: string;
  /** What the author wrote: Markdown, or HTML for imported posts (see body_format). */
  body: string;
  body_format: 'markdown' | 'html';
  /** The body rendered and sanitised: the only post HTML ever served. */
  html: string;
  /** Plain text of the body, for search and excerpts. */
  body_text: string;
  status: PostStatus;
  visibility: Visibility;
  /** 'default' follows the blog's setting. */
  comments: CommentPolicy | 'default';
  thing_programme: string | null;
  thing_number: number | null;
  source: 'local' | 'import';
  /** The id in the source an imported post came from, so a second import adds nothing. */
  source_key: string | null;
  /** When it was (or, when scheduled, will be) published. */
  published_at: string | null;
  /** Set when a published post is edited: shown as "updated". */
  edited_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PostTagsTable {
  post_id: string;
  /** Lower-case, hyphenated. */
  tag: string;
}

export type CommentStatus = 'visible' | 'held';

export interface CommentsTable {
  id: string;
  post_id: string;
  parent_id: string | null;
  /** Null for imported comments by people who are not members (and for deleted accounts). */
  author_id: string | null;
  author_name: string | null;
  author_url: string | null;
  body: string;
  html: string;
  /** 'held': a new account's first comment, waiting for the post's author. */
  status: CommentStatus;
  source_key: string | null;
  created_at: string;
  edited_at: string | null;
  /** Deleted comments keep their place (without their words) while they have replies. */
  deleted_at: string | null;
}
