// The Commonplace side: the same content, made through the public JSON API as a client would.
import type { PeerContent } from './content.ts';

async function call(base: string, method: string, url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
}

async function expect<T>(res: Response, status: number, what: string): Promise<T> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return (res.headers.get('content-type')?.includes('json') ? await res.json() : undefined) as T;
}

/**
 * Signs the five people up, writes the 20 posts as the first and the 50 comments as all five.
 * A new member's first comment waits for the author's approval, so the author approves it, as
 * they would on the page. Returns the paths of the post with the comments and of the blog's home.
 */
export async function fillCommonplace(base: string, content: PeerContent): Promise<{ postPath: string; homePath: string }> {
  const tokens: string[] = [];
  for (const person of content.people) {
    await expect(
      await call(base, 'POST', '/api/v1/accounts', {
        handle: person.handle,
        email: person.email,
        password: person.password,
        displayName: person.displayName,
      }),
      201,
      `sign up ${person.handle}`,
    );
    const { token } = await expect<{ token: string }>(
      await call(base, 'POST', '/api/v1/tokens', { login: person.handle, password: person.password, name: 'bench peers' }),
      201,
      `token for ${person.handle}`,
    );
    tokens.push(token);
  }
  const authorToken = tokens[0]!;
  const made: { id: string; url: string }[] = [];
  for (const post of content.posts) {
    const body = { title: post.title, body: post.paragraphs.join('\n\n'), visibility: 'public', status: 'published' };
    made.push(
      await expect<{ id: string; url: string }>(await call(base, 'POST', '/api/v1/posts', body, authorToken), 201, `post “${post.title}”`),
    );
  }
  const commented = made[0]!;
  const approved = new Set<number>([0]);
  for (const comment of content.comments) {
    const { id } = await expect<{ id: string }>(
      await call(base, 'POST', `/api/v1/posts/${commented.id}/comments`, { body: comment.text }, tokens[comment.by]),
      201,
      'comment',
    );
    if (!approved.has(comment.by)) {
      await expect(await call(base, 'POST', `/comments/${id}/approve`, undefined, authorToken), 303, 'approve a first comment');
      approved.add(comment.by);
    }
  }
  const { items } = await expect<{ items: { held: boolean; deleted: boolean }[] }>(
    await call(base, 'GET', `/api/v1/posts/${commented.id}/comments`, undefined),
    200,
    'list comments',
  );
  const shown = items.filter((c) => !c.held && !c.deleted).length;
  if (shown !== content.comments.length) throw new Error(`Commonplace shows ${shown} comments, not ${content.comments.length}`);
  return { postPath: new URL(commented.url).pathname, homePath: `/@${content.people[0]!.handle}` };
}
