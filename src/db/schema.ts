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
  programmes: ProgrammesTable;
  things: ThingsTable;
  enrolments: EnrolmentsTable;
  completions: CompletionsTable;
  credentials: CredentialsTable;
  nudges: NudgesTable;
  networks: NetworksTable;
  network_stances: NetworkStancesTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  blogs: BlogsTable;
  posts: PostsTable;
  post_tags: PostTagsTable;
  comments: CommentsTable;
  external_blogs: ExternalBlogsTable;
  external_posts: ExternalPostsTable;
  media: MediaTable;
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

export type EnrolmentMode = 'open' | 'approval' | 'invite';

export interface ProgrammesTable {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** YYYY-MM-DD: week 1 starts at 00:00 UTC that day. */
  starts_on: string;
  /** JSON array of week numbers that hold no Things (catch-up / reflection weeks). */
  catch_up_weeks: string;
  enrolment: EnrolmentMode;
  /** The secret part of the invite link when enrolment is by invitation. */
  invite_code: string;
  visibility: 'public' | 'members';
  /** The earlier run this programme was cloned from ("run again"). */
  previous_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ThingsTable {
  id: string;
  programme_id: string;
  number: number;
  title: string;
  /** Markdown. */
  brief: string;
  week: number;
  required: number;
  suggested_by: string | null;
  /** JSON array of lower-cased matching hints (tags such as cpd23, thing6). */
  tags: string;
  published: number;
  /** When enrolled participants were told it opened; null until then. */
  announced_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EnrolmentsTable {
  programme_id: string;
  user_id: string;
  status: 'active' | 'pending';
  /** Secret for the member's private calendar feed. */
  calendar_token: string;
  enrolled_at: string;
}

export interface CompletionsTable {
  id: string;
  programme_id: string;
  thing_id: string;
  user_id: string;
  source: 'post' | 'external' | 'manual';
  /** The post that answers the Thing (copied from the post event); null for a manual completion. */
  post_id: string | null;
  post_url: string | null;
  post_title: string | null;
  excerpt: string | null;
  visibility: Visibility;
  /** The organiser's note on a manual completion. */
  note: string | null;
  recorded_by: string | null;
  completed_at: string;
  created_at: string;
}

export interface CredentialsTable {
  id: string;
  programme_id: string;
  user_id: string;
  issued_at: string;
  /** The signed credential, a compact JWS whose payload is the Open Badges 3.0 credential. */
  jws: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface NudgesTable {
  id: string;
  programme_id: string;
  sent_by: string | null;
  filter: string;
  subject: string;
  body: string;
  recipients: number;
  created_at: string;
}

export interface NetworksTable {
  id: string;
  slug: string;
  name: string;
  url: string;
  offers: string;
  suits: string;
  data_and_leaving: string;
  /** YYYY-MM-DD the facts were last checked. */
  checked_on: string;
  created_at: string;
}

export type Stance = 'joined' | 'planning' | 'later' | 'not-for-me';

export interface NetworkStancesTable {
  network_id: string;
  user_id: string;
  stance: Stance;
  note: string | null;
  note_visibility: 'private' | 'members';
  updated_at: string;
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
  /** The post's cover image: one of its author's media. */
  cover_media_id: string | null;
}

export interface PostTagsTable {
  post_id: string;
  /** Lower-case, hyphenated. */
  tag: string;
}

export type CommentStatus = 'visible' | 'held';

/** A comment in a discussion (src/discussions/): on a post today, on a topic, resource or job next. */
export interface CommentsTable {
  id: string;
  /** What the discussion is about: 'post' (posts.id) so far. */
  subject_type: string;
  subject_id: string;
  parent_id: string | null;
  /** Null for imported comments by people who are not members (and for deleted accounts). */
  author_id: string | null;
  author_name: string | null;
  author_url: string | null;
  body: string;
  html: string;
  /** 'held': a new account's first comment, waiting for the subject's owner or a moderator. */
  status: CommentStatus;
  source_key: string | null;
  created_at: string;
  edited_at: string | null;
  /** Deleted comments keep their place (without their words) while they have replies. */
  deleted_at: string | null;
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

/** An uploaded image, resized to a few widths as WebP with every piece of metadata stripped. */
export interface MediaTable {
  id: string;
  owner_id: string;
  /** 128 random bits (base64url): the unguessable part of the file names and URLs. */
  key: string;
  /** The stored widths, ascending, comma-separated ("480,960,1600"); never wider than the original. */
  widths: string;
  /** The largest stored size. */
  width: number;
  height: number;
  alt: string;
  /** Bytes of every stored size together. */
  bytes: number;
  /** Bytes of the size shown in posts (feeds name it as an enclosure). */
  display_bytes: number;
  created_at: string;
}
