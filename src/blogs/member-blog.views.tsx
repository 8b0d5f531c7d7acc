import type { UsersTable } from '../db/schema.ts';
import type { PostWithAuthor } from './posts.queries.ts';
import { FeedList, PostList, postPath } from './posts.views.tsx';

type Member = Pick<UsersTable, 'handle' | 'display_name'>;
type PostPage = { items: PostWithAuthor[]; next: string | null };

/** /@handle: a member's posts, her drafts when she is the reader, her tags and feeds. */
export function MemberBlogPage({
  member,
  own,
  unpublished,
  page,
  tags,
  feedBase,
}: {
  member: Member;
  own: boolean;
  unpublished: readonly PostWithAuthor[];
  page: PostPage;
  tags: ReadonlyArray<{ tag: string; count: number }>;
  feedBase: string;
}) {
  return (
    <>
      <h1>{member.display_name}’s blog</h1>
      <p class="byline">@{member.handle}</p>
      {own && (
        <p>
          <a class="button" href="/write">
            Write a post
          </a>{' '}
          <a href="/blog/settings">Blog settings</a> · <a href="/blog/import">Import a blog</a>
        </p>
      )}
      {own && unpublished.length > 0 && (
        <section aria-labelledby="drafts-title" class="card">
          <h2 id="drafts-title">Drafts and scheduled posts</h2>
          <ul>
            {unpublished.map((p) => (
              <li>
                <a href={postPath(p)}>{p.title}</a> — {p.status === 'scheduled' ? 'scheduled' : 'draft'}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="posts-title">
        <h2 id="posts-title" class="visually-hidden">
          Posts
        </h2>
        <PostList posts={page.items} next={page.next} nextBase={`/@${member.handle}`} empty="No posts to show yet." />
      </section>
      {tags.length > 0 && (
        <section aria-labelledby="tags-title">
          <h2 id="tags-title">Tags</h2>
          <ul class="tag-list">
            {tags.map((t) => (
              <li>
                <a href={`/@${member.handle}/tags/${encodeURIComponent(t.tag)}`}>#{t.tag}</a> ({t.count})
              </li>
            ))}
          </ul>
        </section>
      )}
      <FeedList base={feedBase} />
    </>
  );
}

/** /@handle/tags/{tag}: a member's posts with one tag. */
export function MemberTagPage({ member, tag, page }: { member: Member; tag: string; page: PostPage }) {
  return (
    <>
      <h1>
        Posts by {member.display_name} tagged #{tag}
      </h1>
      <PostList
        posts={page.items}
        next={page.next}
        nextBase={`/@${member.handle}/tags/${encodeURIComponent(tag)}`}
        empty="No posts with this tag."
      />
      <p>
        <a href={`/tags/${encodeURIComponent(tag)}`}>Everyone’s posts tagged #{tag}</a>
      </p>
    </>
  );
}
