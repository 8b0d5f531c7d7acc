import { LRUCache } from 'lru-cache';
import { raw } from 'hono/html';
import { ErrorSummary, TextArea, Time } from '../ui/components.tsx';
import { canDeleteComment, canEditComment, type DiscussionSubject, MAX_DEPTH, type Viewer } from './discussions.policy.ts';
import type { CommentView } from './discussions.service.ts';

interface ThreadProps {
  readonly comments: readonly CommentView[];
  readonly subject: DiscussionSubject;
  readonly viewer: Viewer;
  readonly now: Date;
}

/** The comments as a threaded list, nested to MAX_DEPTH; deeper replies line up at the last level. */
export function CommentThread(props: ThreadProps) {
  const byParent = new Map<string | null, CommentView[]>();
  const ids = new Set(props.comments.map((c) => c.id));
  for (const c of props.comments) {
    const key = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    const siblings = byParent.get(key);
    if (siblings) siblings.push(c);
    else byParent.set(key, [c]);
  }
  const descendants = (id: string): CommentView[] => (byParent.get(id) ?? []).flatMap((c) => [c, ...descendants(c.id)]);
  const list = (items: CommentView[], depth: number) => (
    <ol class={depth === 0 ? 'comments' : 'comments replies'}>
      {items.map((c) => {
        const kids = depth + 1 >= MAX_DEPTH ? descendants(c.id) : (byParent.get(c.id) ?? []);
        return (
          <li id={`comment-${c.id}`}>
            <Comment {...props} comment={c} />
            {kids.length > 0 && (depth + 1 >= MAX_DEPTH ? list(kids, MAX_DEPTH) : list(kids, depth + 1))}
          </li>
        );
      })}
    </ol>
  );
  const top = byParent.get(null) ?? [];
  return top.length === 0 ? <p>No comments yet.</p> : list(top, 0);
}

/**
 * Everything one comment's markup shows, decided for the viewer. Rendering from these alone is pure,
 * so the markup is kept by them (a page of fifty comments was most of a signed-in post page's CPU)
 * and can never be stale: a change to anything shown is a different key.
 */
interface CommentFacts {
  readonly id: string;
  readonly deleted: boolean;
  readonly who: string;
  readonly handle: string | null;
  readonly url: string | null;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly held: boolean;
  readonly html: string;
  readonly subjectUrl: string;
  readonly mayApprove: boolean;
  readonly mayEdit: boolean;
  readonly mayDelete: boolean;
  readonly mayReply: boolean;
}

// Keyed by the short facts; the comment's own HTML is compared on a hit (cheaper than hashing it).
const renderedComments = new LRUCache<string, { readonly source: string; readonly markup: string }>({
  maxSize: 8 * 1024 * 1024,
  sizeCalculation: (kept) => kept.source.length + kept.markup.length,
});

function Comment({ comment: c, subject, viewer, now }: ThreadProps & { comment: CommentView }) {
  const rule = { author_id: c.authorId, created_at: c.createdAt, deleted_at: null };
  const facts: CommentFacts = {
    id: c.id,
    deleted: c.deleted,
    who: c.author?.name ?? 'Someone',
    handle: c.author?.handle ?? null,
    url: c.author?.url ?? null,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    held: c.held,
    html: c.deleted ? '' : c.html,
    subjectUrl: subject.url,
    mayApprove: !c.deleted && c.held && viewer !== undefined && subject.viewerModerates,
    mayEdit: !c.deleted && canEditComment(viewer, rule, now),
    mayDelete: !c.deleted && canDeleteComment(viewer, rule, subject),
    mayReply: !c.deleted && subject.viewerMayComment && !c.held,
  };
  const key = [
    c.id,
    facts.deleted,
    facts.who,
    facts.handle,
    facts.url,
    c.createdAt,
    c.editedAt,
    c.held,
    facts.subjectUrl,
    facts.mayApprove,
    facts.mayEdit,
    facts.mayDelete,
    facts.mayReply,
  ].join('\u0000');
  let kept = renderedComments.get(key);
  if (kept?.source !== facts.html) {
    kept = { source: facts.html, markup: String(<CommentArticle {...facts} />) };
    renderedComments.set(key, kept);
  }
  return raw(kept.markup);
}

function CommentArticle(c: CommentFacts) {
  if (c.deleted) {
    return (
      <article class="comment comment-deleted" aria-label="Deleted comment">
        <p>
          <em>This comment was deleted.</em>
        </p>
      </article>
    );
  }
  const who = c.who;
  const label = `Comment by ${who}`;
  return (
    <article class={c.held ? 'comment comment-held' : 'comment'} aria-label={label}>
      <p class="comment-meta">
        <strong>
          {c.handle ? (
            <a href={`/@${c.handle}`}>{who}</a>
          ) : c.url ? (
            <a href={c.url} rel="nofollow ugc noopener">
              {who}
            </a>
          ) : (
            who
          )}
        </strong>{' '}
        · <Time iso={c.createdAt} />
        {c.editedAt && ' · edited'}
        {c.held && <span class="badge">Waiting for approval</span>}
      </p>
      {/* Sanitised when saved: markdown.ts → sanitise.ts. */}
      <div class="comment-body">{raw(c.html)}</div>
      <div class="comment-actions">
        {c.mayApprove && (
          <form method="post" action={`/comments/${c.id}/approve`} class="inline-form">
            <button type="submit" class="link-button">
              Approve <span class="visually-hidden">{label.toLowerCase()}</span>
            </button>
          </form>
        )}
        {c.mayEdit && (
          <a href={`/comments/${c.id}/edit`}>
            Edit <span class="visually-hidden">your comment</span>
          </a>
        )}
        {c.mayDelete && (
          <form method="post" action={`/comments/${c.id}/delete`} class="inline-form">
            <button type="submit" class="link-button">
              Delete <span class="visually-hidden">{label.toLowerCase()}</span>
            </button>
          </form>
        )}
        {c.mayReply && (
          <details class="reply">
            <summary>
              Reply <span class="visually-hidden">to {who}</span>
            </summary>
            <form method="post" action={`${c.subjectUrl}/comments`}>
              <input type="hidden" name="parentId" value={c.id} />
              <TextArea name={`body-${c.id}`} label={`Your reply to ${who}`} rows={4} />
              <button type="submit">Post reply</button>
            </form>
          </details>
        )}
      </div>
    </article>
  );
}

/** The form for a new top-level comment, posted to `{subject.url}/comments`. */
export function CommentForm({
  subject,
  value,
  error,
}: {
  subject: DiscussionSubject;
  value?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <form method="post" action={`${subject.url}/comments`} class="comment-form">
      {error && <ErrorSummary message="Your comment was not posted" fields={{ body: error }} />}
      <TextArea name="body" label="Add a comment" value={value} error={error} rows={5} hint="Markdown works here too." />
      <button type="submit">Post comment</button>
    </form>
  );
}

export function CommentEditForm({
  comment,
  error,
  value,
}: {
  comment: CommentView;
  error?: string | undefined;
  value?: string | undefined;
}) {
  return (
    <form method="post" action={`/comments/${comment.id}/edit`}>
      {error && <ErrorSummary fields={{ body: error }} />}
      <TextArea name="body" label="Your comment" value={value ?? comment.body} error={error} rows={6} />
      <button type="submit">Save comment</button>
    </form>
  );
}
