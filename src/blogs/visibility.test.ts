import { type SqlBool, sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase, type Harness } from '../../test/support/harness.ts';
import { createMember } from '../dev-data/factories.ts';
import { provideRelations, type Relations } from '../relations.ts';

/**
 * A stand-in for the network capability: connections and blocks in a table of the test's own, read
 * through the same seam the real tables will be.
 */
const tableRelations: Relations = {
  connected: (viewerId, member) =>
    sql<SqlBool>`exists (select 1 from test_relations r where r.kind = 'connection' and r.a = ${viewerId} and r.b = ${member})`,
  blockedBetween: (viewerId, member) =>
    sql<SqlBool>`exists (select 1 from test_relations r where r.kind = 'block'
      and ((r.a = ${viewerId} and r.b = ${member}) or (r.a = ${member} and r.b = ${viewerId})))`,
};

async function signedIn(h: Harness, handle: string) {
  const member = await createMember(h.ctx, { handle });
  const agent = h.agent();
  agent.token = (await (await agent.api('POST', '/tokens', { login: handle, password: member.password })).json()).token;
  return { member, agent };
}

describeEachDatabase('visibility through the relations seam', (h) => {
  it('shows a connections post to its author alone today, and to a connection once there is one; a block hides both ways', async () => {
    const author = await signedIn(h(), 'rel_author');
    const friend = await signedIn(h(), 'rel_friend');
    const stranger = await signedIn(h(), 'rel_stranger');
    const post = async (who: typeof author, title: string, visibility: string) =>
      (await (await who.agent.api('POST', '/posts', { title, body: `Harbour ${title}`, visibility, status: 'published' })).json())
        .id as string;
    const circle = await post(author, 'Circle only', 'connections');
    const open = await post(author, 'Open to all', 'public');
    const theirs = await post(stranger, 'Stranger writes', 'public');

    /** What one member reaches of a post: the API, the page, the author's list, search. */
    const reach = async (who: typeof author, id: string, title: string, handle: string, slug: string) => ({
      api: (await who.agent.api('GET', `/posts/${id}`)).status,
      page: (await who.agent.get(`/@${handle}/${slug}`)).status,
      list: ((await (await who.agent.api('GET', `/members/${handle}/posts`)).json()).items as Array<{ title: string }>).some(
        (p) => p.title === title,
      ),
      search: ((await (await who.agent.api('GET', '/search?q=harbour')).json()).items as Array<{ title: string }>).some(
        (p) => p.title === title,
      ),
    });
    const seen = { api: 200, page: 200, list: true, search: true };
    const hidden = { api: 404, page: 404, list: false, search: false };
    const circleOf = (who: typeof author) => reach(who, circle, 'Circle only', 'rel_author', 'circle-only');

    expect(await circleOf(author)).toEqual(seen);
    expect(await circleOf(friend)).toEqual(hidden);

    await sql`create table test_relations (kind text not null, a text not null, b text not null)`.execute(h().ctx.db.kysely);
    provideRelations(h().ctx.db, tableRelations);
    await sql`insert into test_relations values ('connection', ${friend.member.id}, ${author.member.id})`.execute(h().ctx.db.kysely);
    expect(await circleOf(friend)).toEqual(seen);
    expect(await circleOf(stranger)).toEqual(hidden);
    expect((await friend.agent.api('POST', `/posts/${circle}/comments`, { body: 'Only we can read this' })).status).toBe(201);
    expect((await stranger.agent.api('GET', `/posts/${circle}/comments`)).status).toBe(404);

    // The author blocks the stranger: neither reaches the other's public posts; visitors still do.
    expect(await reach(stranger, open, 'Open to all', 'rel_author', 'open-to-all')).toEqual(seen);
    await sql`insert into test_relations values ('block', ${author.member.id}, ${stranger.member.id})`.execute(h().ctx.db.kysely);
    expect(await reach(stranger, open, 'Open to all', 'rel_author', 'open-to-all')).toEqual(hidden);
    expect(await reach(author, theirs, 'Stranger writes', 'rel_stranger', 'stranger-writes')).toEqual(hidden);
    expect(await reach(friend, theirs, 'Stranger writes', 'rel_stranger', 'stranger-writes')).toEqual(seen);
    expect((await h().agent().api('GET', `/posts/${open}`)).status).toBe(200);
    expect((await stranger.agent.api('GET', `/posts/${theirs}`)).status).toBe(200);
  });
});
