import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { migrateTo, migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../db/migrations/index.ts';
import { createBlogPost, createMember } from '../dev-data/factories.ts';
import { type DiscussionSubject, isHeld, NEW_ACCOUNT_MS, threadOrder } from './discussions.policy.ts';
import { addComment, approveComment, deleteComment, listComments, provideDiscussionSubjects } from './discussions.service.ts';

const day = 24 * 3_600_000;

describe('the discussion rules', () => {
  const now = new Date('2026-11-10T12:00:00Z');
  const joined = (ago: number) => new Date(now.getTime() - ago).toISOString();

  it('hold a newcomer’s first comment only, and never one by who moderates the subject', () => {
    expect(isHeld({ moderatesSubject: false, joinedAt: joined(60_000), hasShownComment: false }, now)).toBe(true);
    expect(isHeld({ moderatesSubject: false, joinedAt: joined(60_000), hasShownComment: true }, now)).toBe(false);
    expect(isHeld({ moderatesSubject: true, joinedAt: joined(60_000), hasShownComment: false }, now)).toBe(false);
    expect(isHeld({ moderatesSubject: false, joinedAt: joined(NEW_ACCOUNT_MS), hasShownComment: false }, now)).toBe(false);
  });

  it('put each reply after its parent, and keep a deleted comment only while a reply hangs from it', () => {
    const row = (id: string, parent_id: string | null, deleted = false) => ({ id, parent_id, deleted_at: deleted ? 'x' : null });
    const rows = [row('a', null, true), row('b', null, true), row('c', 'b'), row('d', 'a', true), row('e', 'c'), row('f', 'gone')];
    expect(threadOrder(rows).map(({ row, depth }) => `${row.id}${depth}`)).toEqual(['b0', 'c1', 'e2', 'f0']);
  });
});

describeEachDatabase('discussions on any subject', (h) => {
  /** A subject no capability owns: what a forum topic will be, built by hand. */
  const topicOf = (viewer: { id: string } | undefined, ownerId: string, options: { id: string; open?: boolean }): DiscussionSubject => ({
    type: 'topic',
    id: options.id,
    noun: 'topic',
    title: 'Cataloguing zines',
    url: '/groups/zines/topics/1',
    ownerId,
    viewerMayRead: true,
    viewerMayComment: options.open ?? true,
    viewerModerates: viewer?.id === ownerId,
  });

  it('threads, holds, approves and deletes on a subject that is not a post, apart from a post of the same id', async () => {
    const ctx = h().ctx;
    const owner = await createMember(ctx, { handle: 'd_owner' });
    const regular = await createMember(ctx, { handle: 'd_regular' });
    h().clock.advance(2 * day);
    const newcomer = await createMember(ctx, { handle: 'd_newcomer' });
    // The topic's id is a post's id: the two discussions must still be apart.
    const post = await createBlogPost(ctx, owner);
    const topic = (viewer: { id: string } | undefined, options: { open?: boolean } = {}) =>
      topicOf(viewer, owner.id, { id: post.id, ...options });
    provideDiscussionSubjects(ctx, 'topic', async (_ctx, viewer, id) => topicOf(viewer, owner.id, { id }));

    const shown: string[] = [];
    ctx.events.on('comment.shown', (e) => void shown.push(`${e.subjectType}:${e.commentId}`));
    const first = await addComment(ctx, regular, topic(regular), { body: 'Start with **the collection**' });
    const reply = await addComment(ctx, newcomer, topic(newcomer), { body: 'Me too', parentId: first.id });
    expect([first.held, reply.held]).toEqual([false, true]);
    expect(shown).toEqual([`topic:${first.id}`]); // mentions will listen here: a held comment is not shown yet
    const ids = async (viewer: { id: string; roles: readonly [] } | undefined) =>
      (await listComments(ctx, viewer, topic(viewer))).map((c) => `${c.depth}:${c.id === first.id ? 'first' : 'reply'}`);
    const asMember = (m: { id: string }) => ({ id: m.id, roles: [] as const });
    expect(await ids(undefined)).toEqual(['0:first']);
    expect(await ids(asMember(newcomer))).toEqual(['0:first', '1:reply']);
    expect(await ids(asMember(owner))).toEqual(['0:first', '1:reply']);

    expect((await (await h().agent().api('GET', `/posts/${post.id}/comments`)).json()).items).toEqual([]);

    await expect(approveComment(ctx, asMember(regular), reply.id)).rejects.toMatchObject({ code: 'not_found' });
    await approveComment(ctx, asMember(owner), reply.id);
    expect(shown).toEqual([`topic:${first.id}`, `topic:${reply.id}`]);
    expect(await ids(undefined)).toEqual(['0:first', '1:reply']);
    const told = await ctx.db.kysely
      .selectFrom('notifications')
      .select(['user_id', 'kind', 'url'])
      .where('url', 'like', '/groups/%')
      .execute();
    expect(told).toContainEqual({ user_id: regular.id, kind: 'reply', url: `/groups/zines/topics/1#comment-${reply.id}` });

    await expect(deleteComment(ctx, asMember(newcomer), first.id)).rejects.toMatchObject({ code: 'forbidden' });
    await deleteComment(ctx, asMember(owner), first.id);
    const after = await listComments(ctx, undefined, topic(undefined));
    expect(after.map((c) => [c.deleted, c.html === '', c.parentId])).toEqual([
      [true, true, null],
      [false, false, first.id],
    ]);

    await expect(addComment(ctx, regular, topic(regular, { open: false }), { body: 'Closed?' })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Comments are closed on this topic.',
    });
  });
});

describeEachDatabase('the discussions migration', (h) => {
  it('keeps every comment written before it, threaded, on its post', async () => {
    const { ctx } = h();
    const names = Object.keys(migrations);
    const before = names[names.indexOf('2026-12-01T2110-discussions') - 1]!;
    const author = await createMember(ctx, { handle: 'm_author' });
    const reader = await createMember(ctx, { handle: 'm_reader' });
    const post = await createBlogPost(ctx, author, { title: 'Old thread' });
    const gone = await createBlogPost(ctx, author, { title: 'Deleted later' });
    const leaver = await createMember(ctx, { handle: 'm_leaver' });
    const leaversPost = await createBlogPost(ctx, leaver, { title: 'Leaving soon' });

    await migrateTo(ctx.db, before);
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();
    const old = (id: string, postId: string, parent: string | null, minute: number, extra: { deleted?: boolean; held?: boolean } = {}) =>
      sql`insert into comments (id, post_id, parent_id, author_id, author_name, author_url, body, html, status, source_key, created_at, edited_at, deleted_at)
        values (${id}, ${postId}, ${parent}, ${reader.id}, null, null, ${extra.deleted ? '' : `words ${id}`}, ${extra.deleted ? '' : `<p>words ${id}</p>`},
          ${extra.held ? 'held' : 'visible'}, null, ${at(minute)}, null, ${extra.deleted ? at(30) : null})`.execute(ctx.db.kysely);
    await old('c1', post.id, null, 1, { deleted: true });
    await old('c2', post.id, 'c1', 2);
    await old('c3', post.id, 'c2', 3);
    await old('c4', post.id, null, 4, { held: true });
    await old('c5', gone.id, null, 5);
    await old('c6', leaversPost.id, null, 6);
    await migrateToLatest(ctx.db);

    const list = async () => (await (await h().agent().api('GET', `/posts/${post.id}/comments`)).json()).items;
    expect((await list()).map((c: { id: string; parentId: string | null; deleted: boolean }) => [c.id, c.parentId, c.deleted])).toEqual([
      ['c1', null, true],
      ['c2', 'c1', false],
      ['c3', 'c2', false],
    ]);
    const rows = await ctx.db.kysely.selectFrom('comments').select(['id', 'subject_type', 'status']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'c1', subject_type: 'post', status: 'visible' },
      { id: 'c2', subject_type: 'post', status: 'visible' },
      { id: 'c3', subject_type: 'post', status: 'visible' },
      { id: 'c4', subject_type: 'post', status: 'held' },
      { id: 'c5', subject_type: 'post', status: 'visible' },
      { id: 'c6', subject_type: 'post', status: 'visible' },
    ]);

    // Deleting a post, or its author's account, still takes its comments along, as the foreign key's cascade did.
    await ctx.db.kysely.deleteFrom('posts').where('id', '=', gone.id).execute();
    await ctx.db.kysely.deleteFrom('users').where('id', '=', leaver.id).execute();
    expect((await ctx.db.kysely.selectFrom('comments').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([
      'c1',
      'c2',
      'c3',
      'c4',
    ]);
  });
});
