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

function Comment({ comment: c, subject, viewer, now }: ThreadProps & { comment: CommentView }) {
  if (c.deleted) {
    return (
      <article class="comment comment-deleted" aria-label="Deleted comment">
        <p>
          <em>This comment was deleted.</em>
        </p>
      </article>
    );
  }
  const who = c.author?.name ?? 'Someone';
  const label = `Comment by ${who}`;
  const facts = { author_id: c.authorId, created_at: c.createdAt, deleted_at: null };
  return (
    <article class={c.held ? 'comment comment-held' : 'comment'} aria-label={label}>
      <p class="comment-meta">
        <strong>
          {c.author?.handle ? (
            <a href={`/@${c.author.handle}`}>{who}</a>
          ) : c.author?.url ? (
            <a href={c.author.url} rel="nofollow ugc noopener">
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
        {c.held && viewer && subject.viewerModerates && (
          <form method="post" action={`/comments/${c.id}/approve`} class="inline-form">
            <button type="submit" class="link-button">
              Approve <span class="visually-hidden">{label.toLowerCase()}</span>
            </button>
          </form>
        )}
        {canEditComment(viewer, facts, now) && (
          <a href={`/comments/${c.id}/edit`}>
            Edit <span class="visually-hidden">your comment</span>
          </a>
        )}
        {canDeleteComment(viewer, facts, subject) && (
          <form method="post" action={`/comments/${c.id}/delete`} class="inline-form">
            <button type="submit" class="link-button">
              Delete <span class="visually-hidden">{label.toLowerCase()}</span>
            </button>
          </form>
        )}
        {subject.viewerMayComment && !c.held && (
          <details class="reply">
            <summary>
              Reply <span class="visually-hidden">to {who}</span>
            </summary>
            <form method="post" action={`${subject.url}/comments`}>
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
