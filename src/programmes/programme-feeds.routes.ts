import { Hono, type Context } from 'hono';
import { blogsOfMembers } from '../external-blogs/blogs.service.ts';
import { renderOpml } from '../external-blogs/opml.ts';
import type { AppEnv } from '../ui/env.ts';
import { escapeHtml } from '../ui/escape.ts';
import { pageShows } from '../ui/request.ts';
import { tags } from '../cache/index.ts';
import { feedResponse, type FeedEntry, type FeedFormat } from '../ui/feeds-out.ts';
import { listParticipants, listPublicAnswers, participantsBloggingHere, type Programme } from './programmes.queries.ts';
import { programmeForViewer, thingByNumber } from './programmes.service.ts';

/**
 * What a programme publishes for feed readers: every participant's public post answering its
 * Things (here or on an external blog) as Atom, RSS and JSON Feed — for the whole programme and for
 * each Thing — and the OPML list of participants' blogs.
 */
export const programmeFeedPages = new Hono<AppEnv>();

async function answerEntries(c: Context<AppEnv>, programme: Programme, thingId?: string): Promise<FeedEntry[]> {
  const ctx = c.get('ctx');
  const rows = await listPublicAnswers(ctx.db, programme.id, thingId ? { thingId } : {});
  // Answers are completions, whose every write names their programme.
  pageShows(c, tags.programme(programme.id));
  return rows.map((r) => {
    const when = new Date(r.completed_at);
    const excerpt = r.excerpt ?? '';
    // Only the excerpt travels (the author's licence is unknown for outside posts), with the way home.
    const html = `<p>${escapeHtml(excerpt)}</p><p><a href="${escapeHtml(r.post_url!)}">Read the whole post</a> — for Thing ${r.thing_number}: ${escapeHtml(r.thing_title)}</p>`;
    return {
      id: r.post_url!,
      url: r.post_url!,
      title: r.post_title ?? `Thing ${r.thing_number}`,
      html,
      summary: excerpt,
      published: when,
      updated: when,
      author: { name: r.display_name, url: `${ctx.config.baseUrl}/@${r.handle}` },
      tags: [`thing${r.thing_number}`],
    };
  });
}

const formats: readonly FeedFormat[] = ['atom', 'rss', 'json'];

for (const format of formats) {
  programmeFeedPages.get(`/:slug/feed.${format}`, async (c) => {
    const ctx = c.get('ctx');
    const programme = await programmeForViewer(ctx, c.get('viewer'), c.req.param('slug'));
    const base = `${ctx.config.baseUrl}/programmes/${programme.slug}`;
    return feedResponse(
      c,
      {
        title: programme.title,
        description: `Participants' posts for ${programme.title}`,
        siteUrl: base,
        feedBase: `${base}/feed`,
        entries: await answerEntries(c, programme),
      },
      format,
    );
  });

  programmeFeedPages.get(`/:slug/things/:number{[0-9]+}/feed.${format}`, async (c) => {
    const ctx = c.get('ctx');
    const programme = await programmeForViewer(ctx, c.get('viewer'), c.req.param('slug'));
    const thing = thingByNumber(c.get('viewer'), programme, Number(c.req.param('number')));
    const base = `${ctx.config.baseUrl}/programmes/${programme.slug}/things/${thing.number}`;
    return feedResponse(
      c,
      {
        title: `Thing ${thing.number}: ${thing.title}`,
        description: `Posts answering Thing ${thing.number} of ${programme.title}`,
        siteUrl: base,
        feedBase: `${base}/feed`,
        entries: await answerEntries(c, programme, thing.id),
      },
      format,
    );
  });
}

programmeFeedPages.get('/:slug/blogs.opml', async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForViewer(ctx, c.get('viewer'), c.req.param('slug'));
  const participants = await listParticipants(ctx.db, programme.id);
  const names = new Map(participants.map((p) => [p.userId, p.displayName]));
  const external = await blogsOfMembers(
    ctx,
    participants.map((p) => p.userId),
  );
  const here = await participantsBloggingHere(ctx.db, programme.id);
  const blogs = [
    ...here.map((m) => ({
      text: m.display_name,
      title: `${m.display_name} on Commonplace`,
      feedUrl: `${ctx.config.baseUrl}/@${m.handle}/feed.atom`,
      siteUrl: `${ctx.config.baseUrl}/@${m.handle}`,
    })),
    ...external
      .filter((b) => !b.paused)
      .map((b) => ({ text: names.get(b.userId) ?? b.title, title: b.title, feedUrl: b.feedUrl, siteUrl: b.siteUrl })),
  ];
  c.header('Content-Type', 'text/x-opml; charset=utf-8');
  c.header('Content-Disposition', `inline; filename="${programme.slug}-blogs.opml"`);
  return c.body(
    renderOpml({
      title: `${programme.title}: participants' blogs`,
      createdAt: ctx.clock.now().toISOString(),
      url: `${ctx.config.baseUrl}/programmes/${programme.slug}/blogs.opml`,
      blogs,
    }),
  );
});
