import { parseOpml } from 'feedsmith';
import type { AppContext } from '../context.ts';
import { handleKey } from '../accounts/accounts.queries.ts';
import { AppError } from '../errors.ts';
import { registerBlog } from './blogs.service.ts';

/**
 * Organisers' bulk registration: participants' blogs from a CSV (`handle,url`) or an OPML file
 * (outlines whose `text`/`title` is the handle, `xmlUrl` or `htmlUrl` the address), with a report.
 * Who may run it (organisers of a programme, for its participants) is decided by the caller: the
 * programmes capability, after merge.
 */

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
    const cells = [...line.matchAll(/\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(?:,|$)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '')).trim());
    const [handle, url] = cells;
    if (!handle || !url || /^handle$/i.test(handle)) continue;
    rows.push({ handle: handle.replace(/^@/, ''), url });
  }
  return rows;
}

export function parseBulkOpml(text: string): BulkRow[] {
  let doc;
  try {
    doc = parseOpml(text);
  } catch {
    throw new AppError('unprocessable', 'That file is not a readable OPML file.');
  }
  const rows: BulkRow[] = [];
  const walk = (outlines: ReadonlyArray<{ text?: string; title?: string; xmlUrl?: string; htmlUrl?: string; outlines?: unknown }> | undefined) => {
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
export async function bulkRegisterBlogs(ctx: AppContext, rows: readonly BulkRow[], options: { allowedUserIds?: ReadonlySet<string> } = {}): Promise<BulkReport> {
  const registered: Array<{ handle: string; feedUrl: string; title: string }> = [];
  const failed: Array<{ handle: string; url: string; reason: string }> = [];
  for (const row of rows.slice(0, 2000)) {
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
