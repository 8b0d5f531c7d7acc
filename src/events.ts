import type { AppError } from './errors.ts';

/**
 * What one capability tells the others, so none imports another's internals. Handlers run in the
 * order they were registered and are awaited; a `*.checking` handler may refuse by throwing an
 * {@link AppError}, which the emitter passes on to the person.
 */
export interface EventMap {
  /**
   * Before a post is saved as published or its Thing link changes: lets programmes refuse a link
   * to a Thing the author may not answer. Emitted outside any transaction.
   */
  'post.checking': PostEvent;
  /** After a post was saved as published (new, edited, or made visible again). */
  'post.published': PostEvent;
  /** After a post stopped counting: deleted, back to draft, or unlinked from its Thing. */
  'post.withdrawn': { readonly postId: string; readonly authorId: string };
  /**
   * After a comment began to show to everyone (posted, or a held one approved), once its notices
   * went out: the seam for mentions.
   */
  'comment.shown': CommentShownEvent;
  /** After an account and everything it owns were deleted. */
  'account.deleted': { readonly userId: string };
}

export interface PostEvent {
  readonly postId: string;
  readonly authorId: string;
  readonly title: string;
  /** Absolute URL of the post: here, or on the member's external blog. */
  readonly url: string;
  readonly excerpt: string;
  readonly visibility: 'public' | 'members' | 'connections' | 'private';
  readonly publishedAt: string;
  /** The Thing the post answers, if any. */
  readonly thing: { readonly programme: string; readonly number: number } | null;
  /** Where the post comes from: written here, an external blog, or an imported archive (never announced). */
  readonly source: 'local' | 'external' | 'import';
  /** Tags and categories, lower-cased, for matching posts to Things. */
  readonly tags: readonly string[];
}

export interface CommentShownEvent {
  /** The discussion's subject: 'post' and its id so far. */
  readonly subjectType: string;
  readonly subjectId: string;
  readonly commentId: string;
  readonly authorId: string;
  /** Sanitised HTML of the comment. */
  readonly html: string;
  /** Path of the comment on its subject's page. */
  readonly url: string;
}

type Handler<K extends keyof EventMap> = (payload: EventMap[K]) => Promise<void> | void;

export interface EventBus {
  on<K extends keyof EventMap>(name: K, handler: Handler<K>): void;
  emit<K extends keyof EventMap>(name: K, payload: EventMap[K]): Promise<void>;
}

export function createEventBus(): EventBus {
  const handlers = new Map<keyof EventMap, Array<Handler<never>>>();
  return {
    on(name, handler) {
      const list = handlers.get(name) ?? [];
      list.push(handler as Handler<never>);
      handlers.set(name, list);
    },
    async emit(name, payload) {
      for (const handler of handlers.get(name) ?? []) await (handler as Handler<typeof name>)(payload);
    },
  };
}
