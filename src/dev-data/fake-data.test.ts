import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { announceOpenedThings } from '../programmes/announce.ts';
import { FAKE_MEMBER_PASSWORD, makeFakeData, type FakeDataResult } from './fake-data.ts';

describeEachDatabase('fake data for benchmarks', (h) => {
  let made: FakeDataResult;

  async function signedIn(handle: string) {
    const agent = h().agent();
    const res = await agent.api('POST', '/tokens', { login: handle, password: FAKE_MEMBER_PASSWORD });
    expect(res.status).toBe(201);
    agent.token = ((await res.json()) as { token: string }).token;
    return agent;
  }

  it('makes members, posts, comments, a running programme and external blogs', async () => {
    made = await makeFakeData(h().ctx, {
      members: 80,
      posts: 600,
      comments: 900,
      programmeSize: 60,
      externalFeeds: 5,
      feedBase: 'http://127.0.0.1:8999/',
    });
    expect(made).toMatchObject({ members: 80, posts: 600, comments: 900, externalFeeds: 5, programme: { participants: 60, things: 23 } });
    expect(made.organiser).toBe(made.handles[0]);
    expect(made.busiestPost!.comments).toBeGreaterThanOrEqual(50);
    expect(made.busiestThing!.posts).toBeGreaterThan(10);
    const db = h().ctx.db.kysely;
    const count = async (table: 'users' | 'posts' | 'comments' | 'enrolments') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect([await count('users'), await count('posts'), await count('comments'), await count('enrolments')]).toEqual([80, 600, 900, 60]);
    // The load skips per-row foreign-key checks (SQLite; PostgreSQL as a superuser): the rows must satisfy them all the same.
    if (h().dialect === 'sqlite') expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    const orphans = await sql<{ n: number }>`select
        (select count(*) from comments c left join posts p on p.id = c.subject_id where c.subject_type = 'post' and p.id is null) +
        (select count(*) from posts p left join users u on u.id = p.author_id where u.id is null) +
        (select count(*) from post_tags t left join posts p on p.id = t.post_id where p.id is null) as n`.execute(db);
    expect(Number(orphans.rows[0]!.n)).toBe(0);
  });

  it('leaves a participant behind, as the progress API computes it', async () => {
    const agent = await signedIn(made.participant!);
    const progress = await (await agent.api('GET', `/programmes/${made.programme!.slug}/progress`)).json();
    expect(progress.status).toBe('behind');
    expect(progress.weeksBehind).toBeGreaterThanOrEqual(1);
    expect(progress.weeksBehind).toBeLessThanOrEqual(4);
    expect(progress.done.length).toBeGreaterThan(0);
  });

  it('lists answers on the busiest Thing’s page and in the programme’s feed, and the organiser runs it', async () => {
    const { slug } = made.programme!;
    const thing = await h().agent().get(`/programmes/${slug}/things/${made.busiestThing!.number}`);
    expect(thing.status).toBe(200);
    const html = await thing.text();
    expect(html.match(/href="http:\/\/localhost:3000\/@fake_/g)?.length ?? 0).toBeGreaterThanOrEqual(
      Math.min(made.busiestThing!.posts, 10),
    );
    const page = await h().agent().get(`/programmes/${slug}`);
    expect(await page.text()).toContain('60 participants');
    const feed = await (await h().agent().get(`/programmes/${slug}/feed.json`)).json();
    expect(feed.items.length).toBeGreaterThan(10);
    const organiser = await signedIn(made.organiser!);
    expect((await organiser.get(`/programmes/${slug}/edit`)).status).toBe(200);
  });

  it('counts the Things already open as announced, so the server mails nobody about the past', async () => {
    expect(await announceOpenedThings(h().ctx)).toEqual({ announced: 0, notified: 0 });
  });

  it('opens the busiest post with its comments, and search finds fake posts', async () => {
    const post = await h().agent().get(`/@${made.busiestPost!.handle}/${made.busiestPost!.slug}`);
    expect(post.status).toBe(200);
    const title = (
      await h().ctx.db.kysely.selectFrom('posts').select('title').where('slug', '=', made.busiestPost!.slug).executeTakeFirstOrThrow()
    ).title;
    const hits = (
      await (
        await h()
          .agent()
          .api('GET', `/search?q=${encodeURIComponent(title)}`)
      ).json()
    ).items as Array<{ title: string }>;
    expect(hits.map((x) => x.title)).toContain(title);
  });

  it('registers external blogs under the feed base, due for polling now and never checked', async () => {
    const rows = await h()
      .ctx.db.kysely.selectFrom('external_blogs')
      .selectAll()
      .where('paused', '=', 0)
      .where('next_check_at', '<=', h().clock.now().toISOString())
      .orderBy('feed_url')
      .execute();
    expect(rows.map((r) => r.feed_url)).toEqual([0, 1, 2, 3, 4].map((i) => `http://127.0.0.1:8999/feeds/${i}.xml`));
    expect(rows.every((r) => r.last_checked_at === null && r.site_url?.startsWith('http://127.0.0.1:8999/sites/'))).toBe(true);
  });

  it('runs again on the same database', async () => {
    const again = await makeFakeData(h().ctx, {
      members: 10,
      posts: 20,
      comments: 10,
      programmeSize: 5,
      externalFeeds: 2,
      feedBase: 'http://127.0.0.1:8999',
    });
    expect(again.programme!.slug).not.toBe(made.programme!.slug);
    expect(again.handles[0]).not.toBe(made.handles[0]);
  });
});

describe('fake data options', () => {
  it('needs a feed base with external feeds', async () => {
    await expect(makeFakeData({} as never, { members: 1, externalFeeds: 1 })).rejects.toThrow(/--feed-base/);
  });
});
