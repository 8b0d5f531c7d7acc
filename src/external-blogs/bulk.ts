import { lazy } from '../lazy.ts';
import type { AppContext } from '../context.ts';
import { handleKey } from '../accounts/accounts.queries.ts';
import { AppError, tooManyRequests } from '../errors.ts';
import { registerBlog } from './blogs.service.ts';

const feedsmith = lazy<typeof import('feedsmith')>('feedsmith');

/**
 * Organisers' bulk registration: participants' blogs from a CSV (`handle,url`) or an OPML file
 * (outlines whose `text`/`title` is the handle, `xmlUrl` or `htmlUrl` the address), with a report.
 * Who may run it (organisers of a programme, for its participants) is decided by the caller: the
 * programmes capability's `/programmes/{slug}/blogs` page and API, which pass the participants' ids.
 */

/** At most this many bytes and rows per upload: each row is a fetch, made while the organiser waits. */
export const BULK_MAX_BYTES = 256 * 1024;
export const BULK_MAX_ROWS = 200;
/** Uploads an organiser can start: 10 an hour (each may set off up to 200 fetches). */
export const bulkRule = { limit: 10, windowMs: 60 * 60 * 1000 } as const;

/** Counts one bulk upload by this organiser; throws 429 when she is over the limit. */
export function consumeBulkAllowance(ctx: AppContext, userId: string): void {
  const wait = ctx.limiter.consume(`feeds:bulk:${userId}`, bulkRule);
  if (wait) throw tooManyRequests(wait);
}

/**
 * The rows of an uploaded file, CSV or OPML (told by its name, else by a leading `<`), within the
 * limits; a file too big, empty, unreadable or with too many rows is refused in plain words.
 */
export function parseBulkUpload(text: string, filename = ''): BulkRow[] {
  if (Buffer.byteLength(text, 'utf8') > BULK_MAX_BYTES) {
    throw new AppError('payload_too_large', `That file is over ${BULK_MAX_BYTES / 1024} KB; split it into smaller files.`, {
      fields: { file: `Choose a file under ${BULK_MAX_BYTES / 1024} KB.` },
    });
  }
  const opml = /\.(opml|xml)$/i.test(filename) || /^\uFEFF?\s*</.test(text);
  let rows: BulkRow[];
  try {
    rows = opml ? parseBulkOpml(text) : parseBulkCsv(text);
  } catch (error) {
    if (error instanceof AppError) throw new AppError(error.code, error.message, { fields: { file: error.message } });
    throw error;
  }
  if (rows.length === 0) {
    const message = opml
      ? 'That OPML file lists no blogs with a handle and an address.'
      : 'That file has no lines of the form handle,address.';
    throw new AppError('unprocessable', message, { fields: { file: message } });
  }
  if (rows.length > BULK_MAX_ROWS) {
    const message = `That file lists ${rows.length} blogs; at most ${BULK_MAX_ROWS} go in one upload.`;
    throw new AppError('unprocessable', message, { fields: { file: message } });
  }
  return rows;
}

export interface BulkRow {
  readonly handle: string;
  readonly url: string;
}

export interface BulkReport {
  readonly registered: ReadonlyArray<{ handle: string; feedUrl: string; title: string }>;
  readonly failed: ReadonlyArray<{ handle: string; url: string; reason: string }>;
}

/** `handle,url` lines; a header line, blank lines and `@` before handles are allowed; quotes too. */
export function parseBulkCsv(text: string): BulkRow[] {
  const rows: BulkRow[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cells = [...line.matchAll(/\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(?:,|$)/g)].map((m) =>
      (m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '')).trim(),
    );
    const [handle, url] = cells;
    if (!handle || !url || /^handle$/i.test(handle)) continue;
    rows.push({ handle: handle.replace(/^@/, ''), url });
  }
  return rows;
}

export function parseBulkOpml(text: string): BulkRow[] {
  let doc;
  try {
    doc = feedsmith().parseOpml(text);
  } catch {
    throw new AppError('unprocessable', 'That file is not a readable OPML file.');
  }
  const rows: BulkRow[] = [];
  const walk = (
    outlines: ReadonlyArray<{ text?: string; title?: string; xmlUrl?: string; htmlUrl?: string; outlines?: unknown }> | undefined,
  ) => {
    for (const o of outlines ?? []) {
      const url = o.xmlUrl ?? o.htmlUrl;
      const handle = (o.text ?? o.title ?? '').trim().replace(/^@/, '');
      if (url && handle) rows.push({ handle, url });
      walk(o.outlines as typeof outlines);
    }
  };
  walk(doc.body?.outlines as Parameters<typeof walk>[0]);
  return rows;
}

/** Registers each row for the member with that handle; never stops at one failure. */
export async function bulkRegisterBlogs(
  ctx: AppContext,
  rows: readonly BulkRow[],
  options: { allowedUserIds?: ReadonlySet<string> } = {},
): Promise<BulkReport> {
  const registered: Array<{ handle: string; feedUrl: string; title: string }> = [];
  const failed: Array<{ handle: string; url: string; reason: string }> = [];
  for (const row of rows.slice(0, BULK_MAX_ROWS)) {
    const user = await ctx.db.kysely.selectFrom('users').select('id').where('handle_key', '=', handleKey(row.handle)).executeTakeFirst();
    if (!user || (options.allowedUserIds && !options.allowedUserIds.has(user.id))) {
      failed.push({ ...row, reason: 'No participant has that handle.' });
      continue;
    }
    try {
      const blog = await registerBlog(ctx, user.id, row.url);
      registered.push({ handle: row.handle, feedUrl: blog.feedUrl, title: blog.title });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failed.push({ ...row, reason: error.message });
    }
  }
  return { registered, failed };
}
